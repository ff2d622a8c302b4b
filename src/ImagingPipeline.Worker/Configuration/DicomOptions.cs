namespace ImagingPipeline.Worker.Configuration;

/// <summary>The DICOM listener (configuration section <c>Dicom</c>).</summary>
internal sealed class DicomOptions
{
    public const string Section = "Dicom";

    /// <summary>Our AE title (PS3.5 6.2: AE VR, at most 16 characters, no backslash or control characters).</summary>
    public string AeTitle { get; set; } = "IMAGINGPIPE";

    /// <summary>TCP port of the listener.</summary>
    public int Port { get; set; } = 11112;

    /// <summary>Concurrent associations accepted.</summary>
    public int MaxAssociations { get; set; } = 32;
}
