namespace ImagingPipeline.Dicom;

/// <summary>A data element: tag, VR and its value bytes. Binary values are held in little endian
/// (the reader swaps big endian data on input, the writer on output).</summary>
public class DicomElement
{
    private readonly ReadOnlyMemory<byte> _data;

    public DicomElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> data)
    {
        Tag = tag;
        VR = vr;
        _data = data;
    }

    /// <summary>For elements whose value is held elsewhere (sequences, fragments, values left on disk).</summary>
    private protected DicomElement(DicomTag tag, DicomVR vr)
    {
        Tag = tag;
        VR = vr;
    }

    public DicomTag Tag { get; }

    public DicomVR VR { get; }

    /// <summary>The value bytes as encoded (padding included), little endian for binary VRs. A value
    /// left on disk by the reader is read on first access.</summary>
    public virtual ReadOnlyMemory<byte> Data => _data;

    /// <summary>The value length in bytes, known without reading a value left on disk.</summary>
    public virtual long Length => _data.Length;

    public override string ToString() => $"{Tag} {VR} [{Length} bytes]";
}
