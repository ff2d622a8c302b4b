using System.Buffers.Binary;
using System.Text;

namespace ImagingPipeline.Dicom.Network;

/// <summary>What the SCU needs from a Part 10 file (PS3.10 7.1): SOP class/instance, transfer syntax, data set offset.</summary>
internal sealed record Part10Header(string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, long DatasetOffset)
{
    public static Part10Header Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        // The group length (0002,0000) is type 1 but not always present: walk group 0002 up to the first other group.
        var head = new byte[(int)Math.Min(file.Length, 1 << 16)];
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read < 132 || !head.AsSpan(128, 4).SequenceEqual("DICM"u8))
        {
            throw new InvalidDataException($"{path}: not a DICOM Part 10 file (no DICM prefix)");
        }

        string? sopClass = null, sopInstance = null, ts = null;
        var position = 132;
        var span = head.AsSpan(0, read);
        while (position + 8 <= span.Length && BinaryPrimitives.ReadUInt16LittleEndian(span[position..]) == 2)
        {
            var element = BinaryPrimitives.ReadUInt16LittleEndian(span[(position + 2)..]);
            var vr = Encoding.ASCII.GetString(span.Slice(position + 4, 2));
            int headerLength;
            uint length;
            if (vr is "OB" or "OW" or "UN" or "SQ" or "UT" or "UC" or "UR" or "OF" or "OD" or "OL" or "OV")
            {
                headerLength = 12;
                length = position + 12 <= span.Length ? BinaryPrimitives.ReadUInt32LittleEndian(span[(position + 8)..]) : uint.MaxValue;
            }
            else
            {
                headerLength = 8;
                length = BinaryPrimitives.ReadUInt16LittleEndian(span[(position + 6)..]);
            }

            if (length > (uint)(span.Length - position - headerLength))
            {
                throw new InvalidDataException($"{path}: file meta element (0002,{element:X4}) length {length} exceeds the file meta");
            }

            var value = Encoding.ASCII.GetString(span.Slice(position + headerLength, (int)length)).TrimEnd('\0', ' ');
            switch (element)
            {
                case 0x0002: sopClass = value; break;
                case 0x0003: sopInstance = value; break;
                case 0x0010: ts = value; break;
                default: break;
            }

            position += headerLength + (int)length;
        }

        return new Part10Header(
            sopClass ?? throw new InvalidDataException($"{path}: no Media Storage SOP Class UID"),
            sopInstance ?? throw new InvalidDataException($"{path}: no Media Storage SOP Instance UID"),
            ts ?? throw new InvalidDataException($"{path}: no Transfer Syntax UID"),
            position);
    }
}
