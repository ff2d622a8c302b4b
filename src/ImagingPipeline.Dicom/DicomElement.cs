namespace ImagingPipeline.Dicom;

/// <summary>A data element: tag, VR and its value bytes. Binary values are held in little endian
/// (the reader swaps big endian data on input, the writer on output).</summary>
public class DicomElement
{
    public DicomElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> data)
    {
        Tag = tag;
        VR = vr;
        Data = data;
    }

    public DicomTag Tag { get; }

    public DicomVR VR { get; }

    /// <summary>The value bytes as encoded (padding included), little endian for binary VRs.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    public override string ToString() => $"{Tag} {VR} [{Data.Length} bytes]";
}
