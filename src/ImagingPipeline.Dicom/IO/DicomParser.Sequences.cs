namespace ImagingPipeline.Dicom.IO;

/// <summary>Sequences of items (PS3.5 7.5) and encapsulated pixel data fragments (PS3.5 A.4).</summary>
internal sealed partial class DicomParser
{
    /// <summary>PS3.5 7.5.1: items of defined or undefined length, in a sequence of defined length or
    /// ended by a Sequence Delimitation Item (FFFE,E0DD).</summary>
    private DicomSequence ReadSequence(DicomTag tag, uint length, ref long position, long end, WireFormat format, int depth, long start)
    {
        if (depth + 1 > _options.MaxDepth)
        {
            Fail(tag, start, $"sequences nested deeper than {_options.MaxDepth}");
        }

        long sequenceEnd;
        if (length == UndefinedLength)
        {
            sequenceEnd = end;
        }
        else
        {
            // A length past the end is an error even when the elements that are there happen to end on an
            // element boundary: a file cut short there would otherwise pass for a whole one.
            var left = Remaining(position, end);
            if (left >= 0 && length > left)
            {
                Fail(tag, start, $"sequence length {length} exceeds the {left} bytes left");
            }

            CheckLength(tag, DicomVR.SQ, length, start);

            sequenceEnd = position + length;
        }

        var items = new List<DicomDataset>();
        while (sequenceEnd < 0 || position < sequenceEnd)
        {
            var itemStart = position;
            if (!_source.TryPeek(position, 8, out var head))
            {
                Fail(tag, itemStart, length == UndefinedLength
                    ? "the data ends inside a sequence of undefined length (no Sequence Delimitation Item)"
                    : $"truncated item header ({head.Length} of 8 bytes)");
            }

            var itemTag = new DicomTag(ReadUInt16(head, format.Little), ReadUInt16(head[2..], format.Little));
            var itemLength = ReadUInt32(head[4..], format.Little);
            position += 8;
            if (itemTag == DicomTag.SequenceDelimitationTag)
            {
                if (length == UndefinedLength)
                {
                    return new DicomSequence(tag, items);
                }

                // A redundant delimiter at the end of a sequence of defined length is tolerated.
                continue;
            }

            if (itemTag != DicomTag.ItemTag)
            {
                Fail(tag, itemStart, $"expected an Item (FFFE,E000) in the sequence, found {itemTag}");
            }

            DicomDataset item;
            if (itemLength == UndefinedLength)
            {
                item = ReadItem(ref position, sequenceEnd, format, depth + 1, ItemKind.UndefinedLengthItem);
            }
            else
            {
                var left = Remaining(position, sequenceEnd);
                if (left >= 0 && itemLength > left)
                {
                    Fail(tag, itemStart, $"item length {itemLength} exceeds the {left} bytes left in the sequence");
                }

                CheckLength(DicomTag.ItemTag, DicomVR.NONE, itemLength, itemStart);

                var itemEnd = position + itemLength;
                item = ReadItem(ref position, itemEnd, format, depth + 1, ItemKind.DefinedLengthItem);
                position = itemEnd;
            }

            items.Add(item);
        }

        if (length == UndefinedLength)
        {
            Fail(tag, start, "the enclosing value ends inside a sequence of undefined length (no Sequence Delimitation Item)");
        }

        return new DicomSequence(tag, items);
    }

    /// <summary>PS3.5 A.4: items of defined length — the Basic Offset Table, then the fragments — ended
    /// by a Sequence Delimitation Item.</summary>
    private DicomFragmentSequence ReadFragments(DicomTag tag, DicomVR vr, ref long position, long end, WireFormat format)
    {
        var offsetTable = default(ElementSlot);
        var fragments = new List<ElementSlot>();
        var first = true;
        while (true)
        {
            var itemStart = position;
            if (!_source.TryPeek(position, 8, out var head) || (end >= 0 && position + 8 > end))
            {
                Fail(tag, itemStart, "encapsulated pixel data without a Sequence Delimitation Item before the end of the data");
            }

            var itemTag = new DicomTag(ReadUInt16(head, format.Little), ReadUInt16(head[2..], format.Little));
            var itemLength = ReadUInt32(head[4..], format.Little);
            position += 8;
            if (itemTag == DicomTag.SequenceDelimitationTag)
            {
                return new DicomFragmentSequence(tag, vr, _source.Store, offsetTable, [.. fragments]);
            }

            if (itemTag != DicomTag.ItemTag || itemLength == UndefinedLength)
            {
                Fail(tag, itemStart, itemTag == DicomTag.ItemTag
                    ? "fragment item of undefined length"
                    : $"expected a fragment Item (FFFE,E000), found {itemTag}");
            }

            var left = Remaining(position, end);
            if ((left >= 0 && itemLength > left) || itemLength > int.MaxValue)
            {
                Fail(tag, itemStart, $"fragment length {itemLength} exceeds the {left} bytes left");
            }

            CheckLength(tag, DicomVR.OB, itemLength, itemStart);

            var slot = new ElementSlot(DicomTag.ItemTag.Value, DicomVR.NONE, 0, 0);
            if (!_source.TryCapture(position, (int)itemLength, 1, deferrable: !first, ref slot))
            {
                Fail(tag, itemStart, $"fragment length {itemLength} exceeds the bytes left in the data");
            }

            position += itemLength;
            if (first)
            {
                offsetTable = slot;
                first = false;
            }
            else
            {
                fragments.Add(slot);
            }
        }
    }
}
