using System.Buffers.Binary;
using System.Text;

namespace ImagingPipeline.Worker.Tests.Support;

/// <summary>Builds Part 10 files (PS3.10 7.1) around raw data sets for tests.</summary>
internal static class Part10
{
    public const string ImplicitLittleEndian = "1.2.840.10008.1.2";
    public const string ExplicitLittleEndian = "1.2.840.10008.1.2.1";

    /// <summary>Preamble, DICM and an explicit VR little endian group 0002 in front of <paramref name="dataset"/>.</summary>
    public static byte[] Wrap(byte[] dataset, string sopClass, string sopInstance, string transferSyntax)
    {
        var group = new MemoryStream();
        Element(group, 0x0001, "OB", [0, 1]);
        Element(group, 0x0002, "UI", Uid(sopClass));
        Element(group, 0x0003, "UI", Uid(sopInstance));
        Element(group, 0x0010, "UI", Uid(transferSyntax));
        var output = new MemoryStream();
        output.Write(new byte[128]);
        output.Write("DICM"u8);
        Element(output, 0x0000, "UL", BitConverter.GetBytes((uint)group.Length));
        output.Write(group.ToArray());
        output.Write(dataset);
        return output.ToArray();
    }

    /// <summary>An explicit VR little endian data set of short-form string elements, in the order given (keep tags ascending).</summary>
    public static byte[] ExplicitDataset(params (ushort Group, ushort Element, string Vr, string Value)[] elements)
    {
        var output = new MemoryStream();
        Span<byte> head = stackalloc byte[8];
        foreach (var (group, element, vr, value) in elements)
        {
            var bytes = Encoding.ASCII.GetBytes(value.Length % 2 == 0 ? value : value + (vr == "UI" ? "\0" : " "));
            BinaryPrimitives.WriteUInt16LittleEndian(head, group);
            BinaryPrimitives.WriteUInt16LittleEndian(head[2..], element);
            Encoding.ASCII.GetBytes(vr, head[4..6]);
            BinaryPrimitives.WriteUInt16LittleEndian(head[6..], (ushort)bytes.Length);
            output.Write(head);
            output.Write(bytes);
        }

        return output.ToArray();
    }

    private static byte[] Uid(string uid) => Encoding.ASCII.GetBytes(uid.Length % 2 == 0 ? uid : uid + "\0");

    private static void Element(Stream s, ushort element, string vr, byte[] value)
    {
        Span<byte> head = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(head, 0x0002);
        BinaryPrimitives.WriteUInt16LittleEndian(head[2..], element);
        Encoding.ASCII.GetBytes(vr, head[4..6]);
        if (vr == "OB")
        {
            s.Write(head[..6]);
            s.Write(new byte[2]);
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)value.Length);
            s.Write(length);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(head[6..], (ushort)value.Length);
            s.Write(head);
        }

        s.Write(value);
    }
}
