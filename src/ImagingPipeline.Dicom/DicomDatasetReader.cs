using System.Buffers.Binary;

namespace ImagingPipeline.Dicom;

/// <summary>Parses an encoded data set (PS3.5 7) from a buffer. Values are slices of the buffer,
/// not copies; no declared length is trusted beyond the bytes that exist.</summary>
public sealed class DicomDatasetReader
{
    private const uint UndefinedLength = 0xFFFFFFFF;

    private readonly ReadOnlyMemory<byte> _buffer;
    private readonly bool _explicit;
    private readonly bool _little;
    private readonly DicomReadOptions _options;
    private readonly long _baseOffset;
    private int _position;

    private DicomDatasetReader(ReadOnlyMemory<byte> buffer, DicomTransferSyntax syntax, DicomReadOptions options, long baseOffset)
    {
        _buffer = buffer;
        _explicit = syntax.IsExplicitVR;
        _little = syntax.IsLittleEndian;
        _options = options;
        _baseOffset = baseOffset;
    }

    /// <summary>Bytes consumed by the last <see cref="Read(ReadOnlyMemory{byte}, DicomTransferSyntax, DicomReadOptions?, long)"/>.</summary>
    public int Position => _position;

    /// <summary>Reads a whole data set; the values keep referring to <paramref name="buffer"/>.</summary>
    public static DicomDataset Read(ReadOnlyMemory<byte> buffer, DicomTransferSyntax syntax, DicomReadOptions? options = null, long baseOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        var reader = new DicomDatasetReader(buffer, syntax, options ?? DicomReadOptions.Default, baseOffset);
        var dataset = new DicomDataset();
        reader.ReadElements(dataset, buffer.Length, 0, stopAtItemDelimiter: false);
        return dataset;
    }

    /// <summary>Reads a whole data set from a span (the values are copied).</summary>
    public static DicomDataset Read(ReadOnlySpan<byte> buffer, DicomTransferSyntax syntax) =>
        Read(new ReadOnlyMemory<byte>(buffer.ToArray()), syntax, options: null, baseOffset: 0);

    /// <summary>Reads a whole data set from the rest of a stream.</summary>
    public static DicomDataset Read(Stream stream, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return Read(memory.GetBuffer().AsMemory(0, (int)memory.Length), syntax);
    }

    internal static DicomDataset ReadGroup2(ReadOnlyMemory<byte> buffer, long baseOffset, out int consumed)
    {
        var reader = new DicomDatasetReader(buffer, DicomTransferSyntax.ExplicitVRLittleEndian, DicomReadOptions.Default, baseOffset);
        var dataset = new DicomDataset();
        reader.ReadElements(dataset, buffer.Length, 0, stopAtItemDelimiter: false, onlyGroup2: true);
        consumed = reader._position;
        return dataset;
    }

    private void ReadElements(DicomDataset dataset, int end, int depth, bool stopAtItemDelimiter, bool onlyGroup2 = false)
    {
        var span = _buffer.Span;
        while (_position < end)
        {
            var start = _position;
            if (end - _position < 8)
            {
                throw Error(default, start, $"truncated element header ({end - _position} bytes left)");
            }

            var tag = new DicomTag(ReadUInt16(span, _position), ReadUInt16(span, _position + 2));
            if (onlyGroup2 && tag.Group != 0x0002)
            {
                return;
            }

            if (tag == DicomTag.ItemDelimitationTag)
            {
                _position += 8;
                if (stopAtItemDelimiter)
                {
                    return;
                }

                throw Error(tag, start, "item delimiter outside an item");
            }

            if (tag == DicomTag.SequenceDelimitationTag || tag == DicomTag.ItemTag)
            {
                throw Error(tag, start, "unexpected delimiter or item in a data set");
            }

            if (_options.StopBeforePixelData && tag == DicomTag.PixelData && depth == 0)
            {
                _position = end;
                return;
            }

            DicomVR vr;
            uint length;
            var isExplicit = _explicit || tag.Group == 0x0002 && onlyGroup2;
            if (isExplicit && DicomVRInfo.TryParse(span[_position + 4], span[_position + 5], out vr))
            {
                if (DicomVRInfo.HasLongLength(vr))
                {
                    if (end - _position < 12)
                    {
                        throw Error(tag, start, "truncated element header");
                    }

                    length = ReadUInt32(span, _position + 8);
                    _position += 12;
                }
                else
                {
                    length = ReadUInt16(span, _position + 6);
                    _position += 8;
                }
            }
            else if (isExplicit && !IsImplicitFallback(span, _position))
            {
                throw Error(tag, start, $"invalid VR bytes 0x{span[_position + 4]:X2}{span[_position + 5]:X2}");
            }
            else
            {
                length = ReadUInt32(span, _position + 4);
                _position += 8;
                vr = length == UndefinedLength ? DicomVR.SQ : DicomDictionary.ImplicitVR(tag);
                if (tag.IsPrivate && tag.Element is >= 0x10 and <= 0xFF)
                {
                    vr = DicomVR.LO;
                }
            }

            if (vr == DicomVR.SQ || (vr == DicomVR.UN && length == UndefinedLength))
            {
                dataset.Set(ReadSequence(tag, length, end, depth, start));
                continue;
            }

            if (length == UndefinedLength)
            {
                if (tag != DicomTag.PixelData)
                {
                    throw Error(tag, start, "undefined length on a non-sequence element");
                }

                dataset.Set(ReadFragments(tag, vr, end));
                continue;
            }

            if (length > (uint)(end - _position))
            {
                throw Error(tag, start, $"value length {length} exceeds the {end - _position} bytes left");
            }

            var value = _buffer.Slice(_position, (int)length);
            _position += (int)length;
            if (!_little && DicomVRInfo.SwapSize(dataset, tag, vr) is var size and > 1)
            {
                value = Swap(value.Span, size);
            }

            dataset.Set(new DicomElement(tag, vr, value));
        }
    }

    /// <summary>Some explicit files carry a few implicit elements (e.g. after a UN conversion); only
    /// accept this when the would-be VR bytes are not letters.</summary>
    private static bool IsImplicitFallback(ReadOnlySpan<byte> span, int position) =>
        !(char.IsAsciiLetterUpper((char)span[position + 4]) && char.IsAsciiLetterUpper((char)span[position + 5]));

    private DicomSequence ReadSequence(DicomTag tag, uint length, int end, int depth, int start)
    {
        if (depth + 1 > _options.MaxDepth)
        {
            throw Error(tag, start, $"sequences nested deeper than {_options.MaxDepth}");
        }

        int sequenceEnd;
        if (length == UndefinedLength)
        {
            sequenceEnd = end;
        }
        else if (length > (uint)(end - _position))
        {
            throw Error(tag, start, $"sequence length {length} exceeds the {end - _position} bytes left");
        }
        else
        {
            sequenceEnd = _position + (int)length;
        }

        var items = new List<DicomDataset>();
        var span = _buffer.Span;
        while (_position < sequenceEnd)
        {
            var itemStart = _position;
            if (sequenceEnd - _position < 8)
            {
                throw Error(tag, itemStart, "truncated item header");
            }

            var itemTag = new DicomTag(ReadUInt16(span, _position), ReadUInt16(span, _position + 2));
            var itemLength = ReadUInt32(span, _position + 4);
            _position += 8;
            if (itemTag == DicomTag.SequenceDelimitationTag)
            {
                if (length != UndefinedLength)
                {
                    continue;
                }

                return new DicomSequence(tag, items);
            }

            if (itemTag != DicomTag.ItemTag)
            {
                throw Error(tag, itemStart, $"expected an item, found {itemTag}");
            }

            var item = new DicomDataset();
            if (itemLength == UndefinedLength)
            {
                ReadElements(item, sequenceEnd, depth + 1, stopAtItemDelimiter: true);
            }
            else
            {
                if (itemLength > (uint)(sequenceEnd - _position))
                {
                    throw Error(tag, itemStart, $"item length {itemLength} exceeds the {sequenceEnd - _position} bytes left");
                }

                ReadElements(item, _position + (int)itemLength, depth + 1, stopAtItemDelimiter: true);
            }

            items.Add(item);
        }

        if (length == UndefinedLength)
        {
            throw Error(tag, start, "sequence without a Sequence Delimitation Item before the end of data");
        }

        return new DicomSequence(tag, items);
    }

    private DicomFragmentSequence ReadFragments(DicomTag tag, DicomVR vr, int end)
    {
        var span = _buffer.Span;
        var fragments = new List<ReadOnlyMemory<byte>>();
        ReadOnlyMemory<byte>? offsetTable = null;
        while (true)
        {
            var itemStart = _position;
            if (end - _position < 8)
            {
                throw Error(tag, itemStart, "encapsulated pixel data without a Sequence Delimitation Item");
            }

            var itemTag = new DicomTag(ReadUInt16(span, _position), ReadUInt16(span, _position + 2));
            var itemLength = ReadUInt32(span, _position + 4);
            _position += 8;
            if (itemTag == DicomTag.SequenceDelimitationTag)
            {
                return new DicomFragmentSequence(tag, vr, offsetTable ?? ReadOnlyMemory<byte>.Empty, fragments);
            }

            if (itemTag != DicomTag.ItemTag || itemLength == UndefinedLength)
            {
                throw Error(tag, itemStart, $"expected a fragment item, found {itemTag}");
            }

            if (itemLength > (uint)(end - _position))
            {
                throw Error(tag, itemStart, $"fragment length {itemLength} exceeds the {end - _position} bytes left");
            }

            var value = _buffer.Slice(_position, (int)itemLength);
            _position += (int)itemLength;
            if (offsetTable is null)
            {
                offsetTable = value;
            }
            else
            {
                fragments.Add(value);
            }

        }
    }

    private ushort ReadUInt16(ReadOnlySpan<byte> span, int offset) =>
        _little ? BinaryPrimitives.ReadUInt16LittleEndian(span[offset..]) : BinaryPrimitives.ReadUInt16BigEndian(span[offset..]);

    private uint ReadUInt32(ReadOnlySpan<byte> span, int offset) =>
        _little ? BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]) : BinaryPrimitives.ReadUInt32BigEndian(span[offset..]);

    internal static byte[] Swap(ReadOnlySpan<byte> value, int size)
    {
        var copy = value.ToArray();
        for (var i = 0; i + size <= copy.Length; i += size)
        {
            copy.AsSpan(i, size).Reverse();
        }

        return copy;
    }

    private DicomParseException Error(DicomTag tag, int position, string message) =>
        new(tag, _baseOffset + position, message);
}
