namespace ImagingPipeline.Dicom;

/// <summary>How a file or data set is read.</summary>
public sealed class DicomReadOptions
{
    /// <summary>Stop at (7FE0,0010) Pixel Data of the top-level data set without reading it or anything
    /// after it (a header-only parse).</summary>
    public bool StopBeforePixelData { get; init; }

    /// <summary>When reading a file by path, bulk values (OB, OW, OF, OD, OL, OV, UN; pixel data
    /// fragments) at least this long stay on disk and are read on first access. Parsing a buffer
    /// never copies values, whatever this is; a stream is read in full.</summary>
    public int LargeValueThreshold { get; init; } = 64 * 1024;

    /// <summary>Maximum nesting of sequences; deeper data is a <see cref="DicomParseException"/> rather than a stack overflow.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Read values, items and fragments of odd length (PS3.5 7.1.1 forbids them; some old writers
    /// produce them) instead of failing with a <see cref="DicomParseException"/>. The writer pads them.</summary>
    public bool AcceptOddLengths { get; init; }

    /// <summary>The most bytes a deflated data set may inflate to (deflate can expand about 1000-fold).</summary>
    public int MaxInflatedLength { get; init; } = Array.MaxLength;

    internal static readonly DicomReadOptions Default = new();

    internal static readonly DicomReadOptions HeaderOnly = new() { StopBeforePixelData = true };
}
