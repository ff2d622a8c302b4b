namespace ImagingPipeline.Dicom;

/// <summary>One PS3.6 data dictionary row. <see cref="Mask"/> is all ones except for repeating groups.</summary>
public sealed record DicomDictionaryEntry(uint Tag, uint Mask, DicomVR[] ValueRepresentations, string ValueMultiplicity,
    string Name, string Keyword, bool IsRetired)
{
    /// <summary>The first (default) VR; NONE for items and delimiters.</summary>
    public DicomVR VR => ValueRepresentations.Length > 0 ? ValueRepresentations[0] : DicomVR.NONE;
}
