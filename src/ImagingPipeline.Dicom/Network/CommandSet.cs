using System.Buffers.Binary;
using System.Text;

namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// A DIMSE command set (PS3.7 E.1): group 0000 elements, always implicit VR little endian.
/// Values are kept raw; typed accessors know each command element's VR.
/// </summary>
internal sealed class CommandSet
{
    public const uint AffectedSopClassUid = 0x0000_0002;
    public const uint RequestedSopClassUid = 0x0000_0003;
    public const uint CommandField = 0x0000_0100;
    public const uint MessageId = 0x0000_0110;
    public const uint MessageIdBeingRespondedTo = 0x0000_0120;
    public const uint Priority = 0x0000_0700;
    public const uint CommandDataSetType = 0x0000_0800;
    public const uint Status = 0x0000_0900;
    public const uint ErrorComment = 0x0000_0902;
    public const uint AffectedSopInstanceUid = 0x0000_1000;
    public const uint RequestedSopInstanceUid = 0x0000_1001;
    public const uint EventTypeId = 0x0000_1002;
    public const uint ActionTypeId = 0x0000_1008;
    public const uint MoveOriginatorAeTitle = 0x0000_1030;
    public const uint MoveOriginatorMessageId = 0x0000_1031;

    /// <summary>Command Data Set Type value meaning "no data set" (PS3.7 E.1-1).</summary>
    public const ushort NoDataSet = 0x0101;

    /// <summary>Command Data Set Type for "a data set follows": any value other than 0x0101; 0x0000 by custom.</summary>
    public const ushort DataSetPresent = 0x0000;

    public DimseCommand Command => (DimseCommand)(GetUInt16(CommandField) ?? 0);

    public bool HasDataSet => (GetUInt16(CommandDataSetType) ?? NoDataSet) != NoDataSet;

    private readonly SortedDictionary<uint, byte[]> _elements = [];

    public ushort? GetUInt16(uint tag) =>
        _elements.TryGetValue(tag, out var v) && v.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(v) : null;

    public string? GetString(uint tag) =>
        _elements.TryGetValue(tag, out var v) ? Encoding.ASCII.GetString(v).Trim('\0', ' ') : null;

    public CommandSet Set(uint tag, ushort value)
    {
        var v = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(v, value);
        _elements[tag] = v;
        return this;
    }

    /// <summary>Sets a UI (padded with NUL), AE or LO (padded with space) value; LO is cut to 64 characters.</summary>
    public CommandSet Set(uint tag, string value)
    {
        if (tag == ErrorComment && value.Length > 64)
        {
            value = value[..64];
        }

        var bytes = Encoding.ASCII.GetBytes(value);
        if (bytes.Length % 2 == 1)
        {
            Array.Resize(ref bytes, bytes.Length + 1);
            bytes[^1] = tag is AffectedSopClassUid or AffectedSopInstanceUid or RequestedSopClassUid or RequestedSopInstanceUid
                ? (byte)0
                : (byte)' ';
        }

        _elements[tag] = bytes;
        return this;
    }

    /// <summary>Parses an implicit VR LE command set; lengths are checked against the buffer.</summary>
    public static CommandSet Parse(ReadOnlySpan<byte> span)
    {
        var set = new CommandSet();
        while (span.Length > 0)
        {
            if (span.Length < 8)
            {
                throw DicomNetworkException.Protocol("command set element header truncated", 6);
            }

            var group = BinaryPrimitives.ReadUInt16LittleEndian(span);
            var element = BinaryPrimitives.ReadUInt16LittleEndian(span[2..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
            if (group != 0 || length > (uint)(span.Length - 8))
            {
                throw DicomNetworkException.Protocol($"invalid command set element ({group:X4},{element:X4}) length {length}", 6);
            }

            set._elements[((uint)group << 16) | element] = span.Slice(8, (int)length).ToArray();
            span = span[(8 + (int)length)..];
        }

        return set;
    }

    /// <summary>Encodes with (0000,0000) Command Group Length first.</summary>
    public byte[] Encode()
    {
        var length = 0;
        foreach (var (tag, v) in _elements)
        {
            if (tag != 0)
            {
                length += 8 + v.Length;
            }
        }

        var bytes = new byte[12 + length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)length);
        var offset = 12;
        foreach (var (tag, v) in _elements)
        {
            if (tag == 0)
            {
                continue;
            }

            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset), (ushort)(tag >> 16));
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset + 2), (ushort)tag);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset + 4), (uint)v.Length);
            v.CopyTo(bytes, offset + 8);
            offset += 8 + v.Length;
        }

        return bytes;
    }
}
