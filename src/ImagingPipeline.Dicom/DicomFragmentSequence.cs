using ImagingPipeline.Dicom.IO;

namespace ImagingPipeline.Dicom;

/// <summary>Encapsulated pixel data (PS3.5 A.4): the Basic Offset Table item and the fragments, kept
/// as received. Fragments read from a file may stay on disk until they are asked for.</summary>
public sealed class DicomFragmentSequence : DicomElement
{
    private readonly FragmentList _fragments;
    private readonly ElementSlot _offsetTable;
    private readonly ValueStore? _store;

    public DicomFragmentSequence(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> offsetTable, IReadOnlyList<ReadOnlyMemory<byte>> fragments)
        : base(tag, vr)
    {
        ArgumentNullException.ThrowIfNull(fragments);
        _offsetTable = new ElementSlot(new DicomElement(DicomTag.ItemTag, DicomVR.NONE, offsetTable));
        _fragments = new FragmentList(null, [.. fragments.Select(f => new ElementSlot(new DicomElement(DicomTag.ItemTag, DicomVR.NONE, f)))]);
    }

    internal DicomFragmentSequence(DicomTag tag, DicomVR vr, ValueStore store, ElementSlot offsetTable, ElementSlot[] fragments)
        : base(tag, vr)
    {
        _store = store;
        _offsetTable = offsetTable;
        _fragments = new FragmentList(store, fragments);
    }

    /// <summary>The first item's bytes (may be empty).</summary>
    public ReadOnlyMemory<byte> OffsetTable => _offsetTable.Element?.Data ?? _store!.Memory.Slice(_offsetTable.Offset, _offsetTable.Length);

    /// <summary>The fragments after the offset table, each read on first access when it was left on disk.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Fragments => _fragments;

    /// <summary>The encoded length of the items (headers included) and the sequence delimiter.</summary>
    public override long Length => 8 + (_offsetTable.Element?.Length ?? _offsetTable.Length) + _fragments.EncodedLength + 8;

    public override string ToString() => $"{Tag} {VR} [{Fragments.Count} fragments]";
}
