namespace ImagingPipeline.Dicom;

/// <summary>Pixel data in a syntax the toolkit cannot decode, or corrupt compressed data.</summary>
public sealed class DicomCodecException : DicomException
{
    public DicomCodecException() { }

    public DicomCodecException(string message) : base(message) { }

    public DicomCodecException(string message, Exception inner) : base(message, inner) { }
}
