using System.Collections;

namespace ImagingPipeline.Dicom;

/// <summary>A data set: elements kept in tag order (PS3.5 7.1).</summary>
public sealed partial class DicomDataset : IEnumerable<DicomElement>
{
    private readonly List<DicomElement> _elements = [];

    public int Count => _elements.Count;

    /// <summary>The Specific Character Set used to decode text (inherited by sequence items).</summary>
    internal DicomCharacterSet CharacterSet
    {
        get
        {
            if (_elements.Count > 0 && IndexOf(DicomTag.SpecificCharacterSet.Value) is var i and >= 0)
            {
                return DicomCharacterSet.FromElement(_elements[i]);
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
        element = i >= 0 ? _elements[i] : null!;
        return i >= 0;
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

        var count = _elements.Count;
        if (count == 0 || _elements[count - 1].Tag.Value < element.Tag.Value)
        {
            _elements.Add(element);
            return;
        }

        var i = IndexOf(element.Tag.Value);
        if (i >= 0)
        {
            _elements[i] = element;
        }
        else
        {
            _elements.Insert(~i, element);
        }
    }

    public bool Remove(DicomTag tag)
    {
        var i = IndexOf(tag.Value);
        if (i < 0)
        {
            return false;
        }

        _elements.RemoveAt(i);
        return true;
    }

    /// <summary>A deep copy (values are immutable memory and are shared).</summary>
    public DicomDataset Clone()
    {
        var copy = new DicomDataset();
        foreach (var e in _elements)
        {
            copy._elements.Add(e is DicomSequence sq ? CloneSequence(copy, sq) : e);
        }

        return copy;
    }

    private static DicomSequence CloneSequence(DicomDataset parent, DicomSequence sq)
    {
        var items = sq.Items.Select(i => i.Clone()).ToList();
        foreach (var item in items)
        {
            item.Parent = parent;
        }

        return new DicomSequence(sq.Tag, items);
    }

    public IEnumerator<DicomElement> GetEnumerator() => _elements.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(uint tag)
    {
        int lo = 0, hi = _elements.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var v = _elements[mid].Tag.Value;
            if (v == tag)
            {
                return mid;
            }

            if (v < tag)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
