using System.Runtime.InteropServices;

namespace ImagingPipeline.Dicom;

/// <summary>One element of a data set without an object per element: the value is either the range
/// [<see cref="Offset"/>, <see cref="Offset"/> + <see cref="Length"/>) of the data set's shared
/// <see cref="ValueStore"/>, or held by <see cref="Element"/> when that is set.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct ElementSlot
{
    public uint Tag;
    public DicomVR VR;
    public int Offset;
    public int Length;
    public DicomElement? Element;

    public ElementSlot(uint tag, DicomVR vr, int offset, int length)
    {
        Tag = tag;
        VR = vr;
        Offset = offset;
        Length = length;
    }

    public ElementSlot(DicomElement element)
    {
        Tag = element.Tag.Value;
        VR = element.VR;
        Element = element;
    }

    /// <summary>Binary search of slots in tag order: the index of <paramref name="tag"/>, or the bitwise
    /// complement of where it would be inserted.</summary>
    public static int Search(ReadOnlySpan<ElementSlot> slots, uint tag)
    {
        int lo = 0, hi = slots.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var v = slots[mid].Tag;
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
