namespace ImagingPipeline.Dicom;

/// <summary>UID constants from the PS3.6 registry, by keyword (generated).</summary>
public static partial class DicomUids
{
    internal static readonly Lazy<DicomUidInfo[]> Registry = new(CreateRegistry);
}
