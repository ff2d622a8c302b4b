namespace ImagingPipeline.Dicom;

/// <summary>Malformed encoded data: names the tag being read and the byte offset.</summary>
public sealed class DicomParseException : DicomException
{
    public DicomParseException() { }

    public DicomParseException(string message) : base(message) { }

    public DicomParseException(string message, Exception inner) : base(message, inner) { }

    public DicomParseException(DicomTag tag, long offset, string message)
        : base($"{message} at tag {tag}, byte offset {offset}")
    {
        Tag = tag;
        Offset = offset;
    }

    public DicomTag Tag { get; }

    public long Offset { get; }
}
