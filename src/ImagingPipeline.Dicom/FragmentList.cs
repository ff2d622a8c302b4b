using System.Collections;

namespace ImagingPipeline.Dicom;

/// <summary>The fragments of encapsulated pixel data as memory, resolving store ranges and values left on disk on access.</summary>
internal sealed class FragmentList : IReadOnlyList<ReadOnlyMemory<byte>>
{
    private readonly ValueStore? _store;
    private readonly ElementSlot[] _slots;

    public FragmentList(ValueStore? store, ElementSlot[] slots)
    {
        _store = store;
        _slots = slots;
    }

    public int Count => _slots.Length;

    public ReadOnlyMemory<byte> this[int index]
    {
        get
        {
            ref readonly var slot = ref _slots[index];
            return slot.Element?.Data ?? _store!.Memory.Slice(slot.Offset, slot.Length);
        }
    }

    /// <summary>Item headers and values (odd ones padded), without reading values left on disk.</summary>
    public long EncodedLength
    {
        get
        {
            long total = 0;
            foreach (ref readonly var slot in _slots.AsSpan())
            {
                var length = slot.Element?.Length ?? slot.Length;
                total += 8 + length + (length & 1);
            }

            return total;
        }
    }

    public IEnumerator<ReadOnlyMemory<byte>> GetEnumerator()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
