using System.Buffers;

namespace ImagingPipeline.Dicom.IO;

/// <summary>The elements of one data set while it is parsed, in tag order, in a pooled array; one per
/// nesting level, reused from item to item and from parse to parse.</summary>
internal sealed class SlotBuffer
{
    private ElementSlot[] _slots = [];

    public int Count { get; private set; }

    public ref ElementSlot this[int index] => ref _slots[index];

    /// <summary>Appends in tag order; an out-of-order tag is inserted in place and a repeated tag replaces the earlier one.</summary>
    public void Add(in ElementSlot slot)
    {
        if (Count > 0 && _slots[Count - 1].Tag >= slot.Tag)
        {
            var i = IndexOf(slot.Tag);
            if (i >= 0)
            {
                _slots[i] = slot;
                return;
            }

            Grow();
            Array.Copy(_slots, ~i, _slots, ~i + 1, Count - ~i);
            _slots[~i] = slot;
            Count++;
            return;
        }

        Grow();
        _slots[Count++] = slot;
    }

    public int IndexOf(uint tag) => ElementSlot.Search(_slots.AsSpan(0, Count), tag);

    /// <summary>The slots as an exact-size array (shared empty array when there are none); the buffer is cleared.</summary>
    public ElementSlot[] Take()
    {
        if (Count == 0)
        {
            return [];
        }

        var result = new ElementSlot[Count];
        Array.Copy(_slots, result, Count);
        Clear();
        return result;
    }

    /// <summary>Forgets the slots (and the element references they hold); very large arrays go back to the pool.</summary>
    public void Clear()
    {
        Array.Clear(_slots, 0, Count);
        Count = 0;
        if (_slots.Length > 4096)
        {
            ArrayPool<ElementSlot>.Shared.Return(_slots);
            _slots = [];
        }
    }

    private void Grow()
    {
        if (Count < _slots.Length)
        {
            return;
        }

        var larger = ArrayPool<ElementSlot>.Shared.Rent(Math.Max(64, _slots.Length * 2));
        Array.Copy(_slots, larger, Count);
        if (_slots.Length > 0)
        {
            ArrayPool<ElementSlot>.Shared.Return(_slots, clearArray: true);
        }

        _slots = larger;
    }
}
