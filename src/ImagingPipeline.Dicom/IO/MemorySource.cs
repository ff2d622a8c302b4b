namespace ImagingPipeline.Dicom.IO;

/// <summary>Encoded data already in memory: values are slices of it, never copies (except values that
/// must be byte-swapped from big endian).</summary>
internal sealed class MemorySource : DicomSource
{
    private readonly ReadOnlyMemory<byte> _memory;

    public MemorySource(ReadOnlyMemory<byte> memory, long errorBase = 0, bool inflated = false) : base(errorBase, inflated)
    {
        _memory = memory;
        Store = new ValueStore(memory);
    }

    public override long Length => _memory.Length;

    public override ValueStore Store { get; }

    public override bool TryPeek(long offset, int count, out ReadOnlySpan<byte> bytes)
    {
        var span = _memory.Span;
        if (offset >= span.Length)
        {
            bytes = [];
            return count == 0;
        }

        var available = span.Length - (int)offset;
        bytes = span.Slice((int)offset, Math.Min(count, available));
        return count <= available;
    }

    public override bool TryCapture(long offset, int length, int swapUnit, bool deferrable, ref ElementSlot slot)
    {
        if (offset + length > _memory.Length)
        {
            return false;
        }

        if (swapUnit > 1)
        {
            var copy = _memory.Slice((int)offset, length).ToArray();
            Swap(copy, swapUnit);
            slot.Element = new DicomElement(new DicomTag(slot.Tag), slot.VR, copy);
            return true;
        }

        slot.Offset = (int)offset;
        slot.Length = length;
        return true;
    }

    public override ReadOnlySpan<byte> Captured(in ElementSlot slot) =>
        slot.Element is { } e ? e.Data.Span : _memory.Span.Slice(slot.Offset, slot.Length);
}
