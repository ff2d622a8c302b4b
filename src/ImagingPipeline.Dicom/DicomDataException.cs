namespace ImagingPipeline.Dicom;

/// <summary>A value is absent or cannot be read as the requested type.</summary>
public sealed class DicomDataException : DicomException
{
    public DicomDataException() { }

    public DicomDataException(string message) : base(message) { }

    public DicomDataException(string message, Exception inner) : base(message, inner) { }
}
