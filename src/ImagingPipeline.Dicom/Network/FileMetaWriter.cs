using System.Buffers.Binary;
using System.Text;

namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// Writes the Part 10 preamble, "DICM" and the File Meta Information group (PS3.10 7.1) in explicit VR LE,
/// for the temp files the SCP streams received data sets into.
/// </summary>
internal static class FileMetaWriter
{
    public static byte[] Build(string sopClassUid, string sopInstanceUid, string transferSyntaxUid, string sourceAeTitle)
    {
        var body = new MemoryStream(256);
        Element(body, 0x0001, "OB", [0, 1]);
        Element(body, 0x0002, "UI", Value(sopClassUid, 0));
        Element(body, 0x0003, "UI", Value(sopInstanceUid, 0));
        Element(body, 0x0010, "UI", Value(transferSyntaxUid, 0));
        Element(body, 0x0012, "UI", Value(Uids.ImplementationClass, 0));
        Element(body, 0x0013, "SH", Value(Uids.ImplementationVersion, (byte)' '));
        if (sourceAeTitle.Length > 0)
        {
            Element(body, 0x0016, "AE", Value(sourceAeTitle, (byte)' '));
        }

        var result = new byte[128 + 4 + 12 + body.Length];
        "DICM"u8.CopyTo(result.AsSpan(128));
        var header = result.AsSpan(132);
        BinaryPrimitives.WriteUInt16LittleEndian(header, 2);
        "UL"u8.CopyTo(header[4..]);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)body.Length);
        body.GetBuffer().AsSpan(0, (int)body.Length).CopyTo(result.AsSpan(144));
        return result;
    }

    private static byte[] Value(string text, byte pad)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        if (bytes.Length % 2 == 1)
        {
            Array.Resize(ref bytes, bytes.Length + 1);
            bytes[^1] = pad;
        }

        return bytes;
    }

    private static void Element(MemoryStream s, ushort element, string vr, byte[] value)
    {
        Span<byte> h = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(h, 2);
        BinaryPrimitives.WriteUInt16LittleEndian(h[2..], element);
        Encoding.ASCII.GetBytes(vr, h[4..]);
        if (vr == "OB")
        {
            h[6] = 0;
            h[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(h[8..], (uint)value.Length);
            s.Write(h);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(h[6..], (ushort)value.Length);
            s.Write(h[..8]);
        }

        s.Write(value);
    }
}
