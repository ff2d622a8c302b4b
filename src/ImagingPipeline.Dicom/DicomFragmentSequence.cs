namespace ImagingPipeline.Dicom;

/// <summary>Encapsulated pixel data (PS3.5 A.4): the Basic Offset Table item and the fragments, kept as received.</summary>
public sealed class DicomFragmentSequence : DicomElement
{
    public DicomFragmentSequence(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> offsetTable, IReadOnlyList<ReadOnlyMemory<byte>> fragments)
        : base(tag, vr, ReadOnlyMemory<byte>.Empty)
    {
        OffsetTable = offsetTable;
        Fragments = fragments;
    }

    /// <summary>The first item's bytes (may be empty).</summary>
    public ReadOnlyMemory<byte> OffsetTable { get; }

    public IReadOnlyList<ReadOnlyMemory<byte>> Fragments { get; }

    public override string ToString() => $"{Tag} {VR} [{Fragments.Count} fragments]";
}
