namespace ImagingPipeline.Dicom;

/// <summary>Base of every toolkit error.</summary>
public class DicomException : Exception
{
    public DicomException() { }

    public DicomException(string message) : base(message) { }

    public DicomException(string message, Exception inner) : base(message, inner) { }
}
