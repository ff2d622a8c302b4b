namespace ImagingPipeline.Dicom;

/// <summary>Malformed encoded data: names the tag being read and the byte offset where it starts.</summary>
public sealed class DicomParseException : DicomException
{
    public DicomParseException() { }

    public DicomParseException(string message) : base(message) { }

    public DicomParseException(string message, Exception inner) : base(message, inner) { }

    public DicomParseException(DicomTag tag, long offset, string message)
        : base(Describe(tag, offset, message))
    {
        Tag = tag;
        Offset = offset;
    }

    public DicomParseException(DicomTag tag, long offset, string message, Exception inner)
        : base(Describe(tag, offset, message), inner)
    {
        Tag = tag;
        Offset = offset;
    }

    /// <summary>The element, item or delimiter being read; (0000,0000) before any tag was read.</summary>
    public DicomTag Tag { get; }

    /// <summary>The byte offset in the file (or buffer) where that element or item starts.</summary>
    public long Offset { get; }

    private static string Describe(DicomTag tag, long offset, string message) =>
        $"{message} at tag {tag}{(DicomDictionary.Lookup(tag)?.Keyword is { Length: > 0 } keyword && tag.Value != 0 ? " " + keyword : "")}, byte offset {offset}";
}
