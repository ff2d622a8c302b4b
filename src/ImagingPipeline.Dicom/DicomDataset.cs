using System.Collections;

namespace ImagingPipeline.Dicom;

/// <summary>
/// A data set: elements kept in ascending tag order (PS3.5 7.1). Values read from a file are slices
/// of one shared buffer (no object per element until one is asked for); element objects are created
/// on demand and kept. Not safe for concurrent modification.
/// </summary>
public sealed partial class DicomDataset : IEnumerable<DicomElement>
{
    private ElementSlot[] _slots;
    private int _count;
    private readonly ValueStore? _store;
    private DicomCharacterSet? _characterSet;

    public DicomDataset() => _slots = [];

    /// <summary>A data set over parsed slots (sorted, unique tags); the slots' ranges index <paramref name="store"/>.</summary>
    internal DicomDataset(ElementSlot[] slots, int count, ValueStore? store)
    {
        _slots = slots;
        _count = count;
        _store = store;
        for (var i = 0; i < count; i++)
        {
            if (slots[i].Element is DicomSequence sq)
            {
                foreach (var item in sq.Items)
                {
                    item.Parent = this;
                }
            }
        }
    }

    public int Count => _count;

    /// <summary>The Specific Character Set that decodes this data set's text: its own (0008,0005), else
    /// the enclosing data set's (PS3.5 6.1.2.5.4: an item without one inherits it), else the default.</summary>
    internal DicomCharacterSet CharacterSet
    {
        get
        {
            if (_characterSet is not null)
            {
                return _characterSet;
            }

            var i = IndexOf(DicomTag.SpecificCharacterSet.Value);
            if (i >= 0)
            {
                return _characterSet = DicomCharacterSet.Parse(ValueSpan(i));
            }

            return Parent?.CharacterSet ?? DicomCharacterSet.Default;
        }
    }

    /// <summary>The data set holding the sequence this item belongs to.</summary>
    internal DicomDataset? Parent { get; set; }

    public bool Contains(DicomTag tag) => IndexOf(tag.Value) >= 0;

    public bool TryGetElement(DicomTag tag, out DicomElement element)
    {
        var i = IndexOf(tag.Value);
        if (i < 0)
        {
            element = null!;
            return false;
        }

        element = ElementAt(i);
        return true;
    }

    public void Add(DicomElement element) => Set(element);

    /// <summary>Adds or replaces an element, keeping tag order.</summary>
    public void Set(DicomElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element is DicomSequence sq)
        {
            foreach (var item in sq.Items)
            {
                item.Parent = this;
            }
        }

        if (element.Tag == DicomTag.SpecificCharacterSet)
        {
            _characterSet = null;
        }

        if (element is PendingTextElement text)
        {
            text.Owner = this;
        }

        var slot = new ElementSlot(element);
        if (_count == 0 || _slots[_count - 1].Tag < slot.Tag)
        {
            Insert(_count, slot);
            return;
        }

        var i = IndexOf(slot.Tag);
        if (i >= 0)
        {
            _slots[i] = slot;
        }
        else
        {
            Insert(~i, slot);
        }
    }

    public bool Remove(DicomTag tag)
    {
        var i = IndexOf(tag.Value);
        if (i < 0)
        {
            return false;
        }

        if (tag == DicomTag.SpecificCharacterSet)
        {
            _characterSet = null;
        }

        Array.Copy(_slots, i + 1, _slots, i, _count - i - 1);
        _slots[--_count] = default;
        return true;
    }

    /// <summary>A deep copy: sequences and items are copied, values (immutable memory) are shared.</summary>
    public DicomDataset Clone()
    {
        var slots = new ElementSlot[_count];
        Array.Copy(_slots, slots, _count);
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i].Element is DicomSequence sq)
            {
                slots[i].Element = new DicomSequence(sq.Tag, sq.Items.Select(item => item.Clone()).ToList());
            }
        }

        var copy = new DicomDataset(slots, slots.Length, _store);
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i].Element is PendingTextElement text)
            {
                slots[i].Element = new PendingTextElement(text.Tag, text.VR, text.Text, copy);
            }
        }

        return copy;
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<DicomElement> IEnumerable<DicomElement>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The slot at an index in tag order (for the writer and the dump, which avoid element objects).</summary>
    internal ref readonly ElementSlot SlotAt(int index) => ref _slots[index];

    /// <summary>The element at an index, created from its slot on first use and kept.</summary>
    internal DicomElement ElementAt(int index)
    {
        ref var slot = ref _slots[index];
        return slot.Element ??= new DicomElement(new DicomTag(slot.Tag), slot.VR, _store!.Memory.Slice(slot.Offset, slot.Length));
    }

    /// <summary>The value bytes of the slot at an index.</summary>
    internal ReadOnlySpan<byte> ValueSpan(int index)
    {
        ref readonly var slot = ref _slots[index];
        return slot.Element is { } e ? e.Data.Span : _store!.Memory.Span.Slice(slot.Offset, slot.Length);
    }

    /// <summary>The value bytes of the slot at an index as memory.</summary>
    internal ReadOnlyMemory<byte> ValueMemory(int index)
    {
        ref readonly var slot = ref _slots[index];
        return slot.Element is { } e ? e.Data : _store!.Memory.Slice(slot.Offset, slot.Length);
    }

    internal int IndexOf(uint tag) => ElementSlot.Search(_slots.AsSpan(0, _count), tag);

    private void Insert(int index, ElementSlot slot)
    {
        if (_count == _slots.Length)
        {
            Array.Resize(ref _slots, Math.Max(8, _count * 2));
        }

        Array.Copy(_slots, index, _slots, index + 1, _count - index);
        _slots[index] = slot;
        _count++;
    }

    /// <summary>Enumerates the elements in tag order.</summary>
    public struct Enumerator : IEnumerator<DicomElement>
    {
        private readonly DicomDataset _dataset;
        private int _index;

        internal Enumerator(DicomDataset dataset)
        {
            _dataset = dataset;
            _index = -1;
        }

        public readonly DicomElement Current => _dataset.ElementAt(_index);

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++_index < _dataset._count;

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }
}
