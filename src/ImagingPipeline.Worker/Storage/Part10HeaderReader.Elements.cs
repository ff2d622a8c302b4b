using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ImagingPipeline.Worker.Storage;

/// <summary>Element framing (PS3.5 7.1: explicit and implicit VR; 7.5: sequences and items).</summary>
internal sealed partial class Part10HeaderReader
{
    /// <summary>Group 0002, always explicit VR little endian; returns (0002,0010) Transfer Syntax UID.</summary>
    private string ReadFileMeta(out string? sopClass, out string? sopInstance)
    {
        sopClass = sopInstance = null;
        string? transferSyntax = null;
        Span<byte> head = stackalloc byte[8];
        // (0002,0000) File Meta Information Group Length bounds the group.
        ReadExactly(head);
        if (BinaryPrimitives.ReadUInt16LittleEndian(head) != 0x0002)
        {
            throw new InvalidDataException("The file meta information does not start with group 0002 (PS3.10 7.1).");
        }

        long end;
        if (BinaryPrimitives.ReadUInt16LittleEndian(head[2..]) == 0x0000)
        {
            Span<byte> groupLength = stackalloc byte[4];
            ReadExactly(groupLength);
            end = _position + BinaryPrimitives.ReadUInt32LittleEndian(groupLength);
            ReadExactly(head);
        }
        else
        {
            end = long.MaxValue;
        }

        while (true)
        {
            var tag = ((uint)BinaryPrimitives.ReadUInt16LittleEndian(head) << 16) | BinaryPrimitives.ReadUInt16LittleEndian(head[2..]);
            var vr = Encoding.ASCII.GetString(head[4..6]);
            uint length = HasLongLength(vr) ? ReadUInt32LongForm() : BinaryPrimitives.ReadUInt16LittleEndian(head[6..]);
            if (length == Undefined || length > MaxValueLength)
            {
                throw new InvalidDataException($"File meta element ({tag >> 16:X4},{tag & 0xFFFF:X4}) has an unusable length.");
            }

            var value = ReadString((int)length);
            switch (tag)
            {
                case 0x00020002: sopClass = value; break;
                case 0x00020003: sopInstance = value; break;
                case 0x00020010: transferSyntax = value; break;
            }

            if (_position >= end)
            {
                break;
            }

            ReadExactly(head);
            if (end == long.MaxValue && BinaryPrimitives.ReadUInt16LittleEndian(head) != 0x0002)
            {
                throw new InvalidDataException("File meta information without (0002,0000) group length is not supported.");
            }
        }

        return transferSyntax is { Length: > 0 }
            ? transferSyntax
            : throw new InvalidDataException("(0002,0010) Transfer Syntax UID is missing.");
    }

    private uint ReadUInt32LongForm()
    {
        Span<byte> b = stackalloc byte[4];
        ReadExactly(b);
        return BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    /// <summary>Reads elements until the end offset, an item delimiter, the end of the stream or Pixel Data.</summary>
    private void ReadItems(bool untilItemDelimiter, long end, uint enclosingSequence)
    {
        Span<byte> head = stackalloc byte[8];
        while (!_stop && (end < 0 || _position < end))
        {
            if (!TryReadExactly(head[..4]))
            {
                if (untilItemDelimiter || end >= 0)
                {
                    throw new EndOfStreamException();
                }

                return;
            }

            var tag = ((uint)U16(head) << 16) | U16(head[2..]);
            if (tag >> 16 == 0xFFFE)
            {
                ReadExactly(head[4..8]);
                if (tag == 0xFFFEE00D)
                {
                    return;
                }

                throw new InvalidDataException($"Unexpected delimiter ({tag >> 16:X4},{tag & 0xFFFF:X4}) in a data set.");
            }

            if (tag == PixelData && enclosingSequence == 0)
            {
                _stop = true;
                return;
            }

            string vr;
            uint length;
            if (_explicitVr)
            {
                ReadExactly(head[4..8]);
                vr = Encoding.ASCII.GetString(head[4..6]);
                if (HasLongLength(vr))
                {
                    ReadExactly(head[4..8]);
                    length = U32(head[4..8]);
                }
                else
                {
                    length = U16(head[6..8]);
                }
            }
            else
            {
                ReadExactly(head[4..8]);
                length = U32(head[4..8]);
                vr = length == Undefined || KnownSequences.Contains(tag) ? "SQ" : "";
            }

            if (vr == "SQ" || length == Undefined)
            {
                // Undefined-length UN is an implicit VR little endian sequence (PS3.5 6.2.2).
                ReadSequence(tag, length);
                continue;
            }

            var wanted = (enclosingSequence == 0 && Wanted.Contains(tag))
                         || (enclosingSequence == ContourImageSequence && tag == ReferencedSopInstanceUid);
            if (!wanted || length > MaxValueLength)
            {
                Skip(length);
                continue;
            }

            string value;
            if (tag == 0x00540081 && (vr is "US" or "") && length == 2)
            {
                var us = head[..2];
                ReadExactly(us);
                value = U16(us).ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                value = ReadString((int)length);
            }

            if (enclosingSequence == 0)
            {
                _values[tag] = value;
            }
            else if (value.Length > 0)
            {
                _references.Add(value);
            }
        }
    }

    private void ReadSequence(uint tag, uint length)
    {
        var end = length == Undefined ? -1 : _position + length;
        Span<byte> item = stackalloc byte[8];
        while (end < 0 || _position < end)
        {
            ReadExactly(item);
            var itemTag = ((uint)U16(item) << 16) | U16(item[2..]);
            var itemLength = U32(item[4..]);
            if (itemTag == 0xFFFEE0DD)
            {
                return;
            }

            if (itemTag != 0xFFFEE000)
            {
                throw new InvalidDataException($"Expected an item in sequence ({tag >> 16:X4},{tag & 0xFFFF:X4}).");
            }

            ReadItems(itemLength == Undefined, itemLength == Undefined ? -1 : _position + itemLength, tag);
        }
    }

    private static bool HasLongLength(string vr) =>
        vr is "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "SQ" or "SV" or "UC" or "UN" or "UR" or "UT" or "UV";

    private ushort U16(ReadOnlySpan<byte> b) => _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);

    private uint U32(ReadOnlySpan<byte> b) => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);

    private string ReadString(int length)
    {
        var bytes = new byte[length];
        ReadExactly(bytes);
        // Padding (space or NUL, PS3.5 6.2) is trimmed; values are kept as Latin-1 for the index.
        return Encoding.Latin1.GetString(bytes).TrimEnd(' ', '\0').Trim();
    }

    private void ReadExactly(Span<byte> buffer)
    {
        _stream.ReadExactly(buffer);
        _position += buffer.Length;
    }

    private bool TryReadExactly(Span<byte> buffer)
    {
        var read = _stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        _position += read;
        if (read == 0)
        {
            return false;
        }

        return read == buffer.Length ? true : throw new EndOfStreamException();
    }

    private void Skip(long count)
    {
        if (_stream.CanSeek)
        {
            // The length read once: asking the stream each time cost a system call (fstat) per skipped element.
            _length ??= _stream.Length;
            if (_stream.Position + count > _length)
            {
                throw new EndOfStreamException();
            }

            _stream.Seek(count, SeekOrigin.Current);
            _position += count;
            return;
        }

        Span<byte> scratch = stackalloc byte[4096];
        while (count > 0)
        {
            var n = (int)Math.Min(count, scratch.Length);
            ReadExactly(scratch[..n]);
            count -= n;
        }
    }
}
