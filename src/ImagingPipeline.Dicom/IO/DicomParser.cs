using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace ImagingPipeline.Dicom.IO;

/// <summary>
/// Parses encoded data sets (PS3.5 7) from a <see cref="DicomSource"/>. Each element header is
/// checked against the bytes that exist before anything is allocated for it; every loop iteration
/// consumes at least 8 bytes, and nesting is capped, so malformed input ends in a
/// <see cref="DicomParseException"/> naming the tag and byte offset — never a hang, a stack overflow
/// or an allocation sized by an untrusted length.
/// </summary>
internal sealed partial class DicomParser
{
    private const uint UndefinedLength = 0xFFFFFFFF;

    [ThreadStatic]
    private static SlotBuffer[]? t_levels;

    private readonly DicomSource _source;
    private readonly DicomReadOptions _options;
    private SlotBuffer[] _levels;

    public DicomParser(DicomSource source, DicomReadOptions options)
    {
        _source = source;
        _options = options;
        _levels = t_levels ?? [];
        t_levels = null;
    }

    /// <summary>(0002,0010) Transfer Syntax UID as read by <see cref="ReadFileMeta"/>, padding removed; null when absent.</summary>
    public string? FileMetaTransferSyntax { get; private set; }

    /// <summary>The parse stopped at (7FE0,0010) because of <see cref="DicomReadOptions.StopBeforePixelData"/>.</summary>
    public bool StoppedBeforePixelData { get; private set; }

    /// <summary>The File Meta Information group (PS3.10 7.1): group 0002 elements in explicit VR little
    /// endian from <paramref name="start"/> up to the first element of another group.</summary>
    public DicomDataset ReadFileMeta(long start, out long end)
    {
        var position = start;
        try
        {
            return ReadItem(ref position, _source.Length, WireFormat.ExplicitLittle, 0, ItemKind.FileMeta);
        }
        finally
        {
            end = position;
        }
    }

    /// <summary>A data set from <paramref name="start"/> to the end of the data.</summary>
    public DicomDataset ReadDataset(long start, WireFormat format)
    {
        var position = start;
        return ReadItem(ref position, _source.Length, format, 0, ItemKind.TopLevel);
    }

    /// <summary>Gives the scratch buffers back for the next parse on this thread.</summary>
    public void Release()
    {
        foreach (var level in _levels)
        {
            level.Clear();
        }

        t_levels = _levels;
        _levels = [];
    }

    private enum ItemKind
    {
        TopLevel,
        FileMeta,
        DefinedLengthItem,
        UndefinedLengthItem,
    }

    /// <summary>The elements from <paramref name="position"/> to <paramref name="end"/> (−1: the end of the
    /// data), or to the Item Delimitation Item of an item of undefined length (PS3.5 7.5.2).</summary>
    private DicomDataset ReadItem(ref long position, long end, WireFormat format, int depth, ItemKind kind)
    {
        var slots = Level(depth);
        var delimited = false;
        while (end < 0 || position < end)
        {
            var start = position;
            if (!_source.TryPeek(position, 8, out var head))
            {
                if (head.IsEmpty && kind is ItemKind.TopLevel or ItemKind.FileMeta)
                {
                    break;
                }

                Fail(default, start, kind == ItemKind.UndefinedLengthItem
                    ? "the data ends inside an item of undefined length (no Item Delimitation Item)"
                    : $"truncated element header ({head.Length} of 8 bytes)");
            }

            var tag = new DicomTag(ReadUInt16(head, format.Little), ReadUInt16(head[2..], format.Little));
            if (kind == ItemKind.FileMeta && tag.Group != 0x0002)
            {
                break;
            }

            if (tag.Group == 0xFFFE)
            {
                if (IsEndOfItem(tag, kind, position, end))
                {
                    position += 8;
                    delimited = true;
                    break;
                }

                Fail(tag, start, tag == DicomTag.ItemDelimitationTag ? "Item Delimitation Item outside an item of undefined length"
                    : tag == DicomTag.SequenceDelimitationTag ? (kind == ItemKind.UndefinedLengthItem
                        ? "Sequence Delimitation Item before the Item Delimitation Item of the current item"
                        : "Sequence Delimitation Item outside a sequence of undefined length")
                    : "item or delimiter where a data element was expected");
            }

            if (depth == 0 && tag == DicomTag.PixelData && _options.StopBeforePixelData && kind == ItemKind.TopLevel)
            {
                StoppedBeforePixelData = true;
                break;
            }

            var slot = ReadElement(ref position, end, tag, format, depth, kind == ItemKind.FileMeta);
            slots.Add(slot);
            if (kind == ItemKind.FileMeta && tag == DicomTag.TransferSyntaxUID)
            {
                FileMetaTransferSyntax = System.Text.Encoding.ASCII.GetString(_source.Captured(slot).Trim(" \0"u8));
            }
        }

        if (kind == ItemKind.UndefinedLengthItem && !delimited)
        {
            Fail(default, position, "the enclosing sequence ends inside an item of undefined length (no Item Delimitation Item)");
        }

        var count = slots.Count;
        return new DicomDataset(slots.Take(), count, _source.Store);
    }

    /// <summary>An Item Delimitation Item closes an item of undefined length; a defined-length item may
    /// end with a redundant one too.</summary>
    private static bool IsEndOfItem(DicomTag tag, ItemKind kind, long position, long end) =>
        tag == DicomTag.ItemDelimitationTag
        && (kind == ItemKind.UndefinedLengthItem || (kind == ItemKind.DefinedLengthItem && position + 8 == end));

    /// <summary>One element from its header (PS3.5 7.1.2 explicit, 7.1.3 implicit) at <paramref name="position"/>.</summary>
    private ElementSlot ReadElement(ref long position, long end, DicomTag tag, WireFormat format, int depth, bool fileMeta)
    {
        var start = position;
        _source.TryPeek(position, 12, out var head);
        DicomVR vr;
        uint length;
        var isExplicit = format.Explicit;
        var wasUN = false;
        if (isExplicit && DicomVRInfo.TryParse(head[4], head[5], out vr))
        {
            if (DicomVRInfo.HasLongLength(vr))
            {
                if (head.Length < 12)
                {
                    Fail(tag, start, $"truncated element header ({head.Length} of 12 bytes)");
                }

                length = ReadUInt32(head[8..], format.Little);
                position += 12;
            }
            else
            {
                length = ReadUInt16(head[6..], format.Little);
                position += 8;
            }
        }
        else if (isExplicit && (IsUpperLetter(head[4]) || IsUpperLetter(head[5])) && !fileMeta)
        {
            return Fail<ElementSlot>(tag, start, $"invalid VR bytes 0x{head[4]:X2}{head[5]:X2}");
        }
        else
        {
            // Implicit VR, or (PS3.5 does not allow it, but writers do) an implicit element in explicit data.
            isExplicit = false;
            length = ReadUInt32(head[4..], format.Little);
            position += 8;
            vr = length == UndefinedLength && !IsPixelData(tag) ? DicomVR.SQ : ImplicitVR(tag, depth);
        }

        if (isExplicit && vr == DicomVR.UN)
        {
            wasUN = true;
            if (length != UndefinedLength)
            {
                vr = KnownVRForUN(tag, depth, length);
            }
        }

        var slot = new ElementSlot(tag.Value, vr, 0, 0);
        if (vr == DicomVR.SQ || (length == UndefinedLength && !IsPixelData(tag)))
        {
            // PS3.5 6.2.2: a sequence under VR UN (or converted from it) is encoded in implicit VR little endian.
            var contentFormat = wasUN ? WireFormat.ImplicitLittle : format;
            slot.VR = DicomVR.SQ;
            slot.Element = ReadSequence(tag, length, ref position, end, contentFormat, depth, start);
            return slot;
        }

        if (length == UndefinedLength)
        {
            // PS3.5 A.4: encapsulated pixel data is OB; a stated VR (some writers say OW) is kept as received.
            slot.VR = isExplicit && !wasUN ? vr : DicomVR.OB;
            slot.Element = ReadFragments(tag, slot.VR, ref position, end, format);
            return slot;
        }

        var left = Remaining(position, end);
        if (left >= 0 && length > left)
        {
            Fail(tag, start, $"value length {length} exceeds the {left} bytes left");
        }

        CheckLength(tag, vr, length, start);

        if (length > int.MaxValue)
        {
            Fail(tag, start, $"value length {length} is larger than this reader supports");
        }

        if (!format.Little && tag == DicomTag.PixelData && vr == DicomVR.OB && FindUInt16(DicomTag.BitsAllocated.Value, depth) > 8)
        {
            // PS3.5 A.2 requires OW here; OB samples of 16 or 32 bits are big endian numbers all the same.
            slot.VR = vr = DicomVR.OW;
        }

        var swap = format.Little ? 1 : SwapUnit(tag, vr, depth);
        if (!_source.TryCapture(position, (int)length, swap, DicomVRInfo.IsBulk(vr), ref slot))
        {
            Fail(tag, start, $"value length {length} exceeds the bytes left in the data");
        }

        position += length;
        return slot;
    }

    /// <summary>PS3.5 7.1.1: values have even length; a binary VR's length is a multiple of its value size (PS3.5 6.2).</summary>
    private void CheckLength(DicomTag tag, DicomVR vr, uint length, long start)
    {
        if ((length & 1) == 1 && !_options.AcceptOddLengths)
        {
            Fail(tag, start, $"odd value length {length} (PS3.5 7.1.1 requires even lengths; DicomReadOptions.AcceptOddLengths reads it anyway)");
        }

        var size = vr is DicomVR.AT ? 4 : DicomVRInfo.SwapSize(vr);
        if (size > 1 && length % (uint)size != 0 && !(_options.AcceptOddLengths && length % (uint)size == 1))
        {
            Fail(tag, start, $"value length {length} is not a multiple of {size}, the size of a {vr} value (wrong VR or damaged length)");
        }
    }

    private static bool IsPixelData(DicomTag tag) => tag == DicomTag.PixelData;

    private static bool IsUpperLetter(byte b) => b is >= (byte)'A' and <= (byte)'Z';

    /// <summary>Bytes from <paramref name="position"/> to <paramref name="end"/>, or to the end of the data when
    /// <paramref name="end"/> is −1; −1 when neither is known.</summary>
    private long Remaining(long position, long end)
    {
        var limit = end >= 0 ? end : _source.Length;
        return limit < 0 ? -1 : Math.Max(0, limit - position);
    }

    private SlotBuffer Level(int depth)
    {
        if (depth >= _levels.Length)
        {
            var grown = new SlotBuffer[Math.Max(depth + 1, _levels.Length * 2)];
            Array.Copy(_levels, grown, _levels.Length);
            for (var i = _levels.Length; i < grown.Length; i++)
            {
                grown[i] = new SlotBuffer();
            }

            _levels = grown;
        }

        return _levels[depth];
    }

    private static ushort ReadUInt16(ReadOnlySpan<byte> span, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(span) : BinaryPrimitives.ReadUInt16BigEndian(span);

    private static uint ReadUInt32(ReadOnlySpan<byte> span, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(span) : BinaryPrimitives.ReadUInt32BigEndian(span);

    [DoesNotReturn]
    private void Fail(DicomTag tag, long position, string message) =>
        throw new DicomParseException(tag, _source.ErrorBase + position, _source.IsInflated ? message + " (offset in the inflated data set)" : message);

    [DoesNotReturn]
    private T Fail<T>(DicomTag tag, long position, string message)
    {
        Fail(tag, position, message);
        return default;
    }
}
