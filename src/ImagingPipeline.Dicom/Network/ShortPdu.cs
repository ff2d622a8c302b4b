using System.Buffers.Binary;

namespace ImagingPipeline.Dicom.Network;

/// <summary>The 10-byte layout shared by A-ASSOCIATE-RJ, A-RELEASE-RQ/RP and A-ABORT.</summary>
internal static class ShortPdu
{
    public static byte[] Encode(PduType type, byte b1, byte b2, byte b3)
    {
        var bytes = new byte[10];
        bytes[0] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(2), 4);
        bytes[7] = b1;
        bytes[8] = b2;
        bytes[9] = b3;
        return bytes;
    }
}
