namespace ImagingPipeline.Dicom;

/// <summary>How a file is read.</summary>
public sealed class DicomReadOptions
{
    /// <summary>Stop at (7FE0,0010) Pixel Data without reading it (header-only parse).</summary>
    public bool StopBeforePixelData { get; init; }

    /// <summary>Values at least this large are not copied: they stay slices of the file buffer. </summary>
    public int LargeValueThreshold { get; init; } = 64 * 1024;

    /// <summary>Maximum nesting of sequences; deeper data is an error rather than a stack overflow.</summary>
    public int MaxDepth { get; init; } = 64;

    internal static readonly DicomReadOptions Default = new();
}
