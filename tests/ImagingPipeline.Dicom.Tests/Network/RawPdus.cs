using System.Buffers.Binary;
using ImagingPipeline.Dicom.Network;

namespace ImagingPipeline.Dicom.Tests.Network;

/// <summary>PDUs built byte by byte for tests that play one side of an association on a raw socket.</summary>
internal static class RawPdus
{
    /// <summary>A P-DATA-TF with one PDV holding a whole command set (PS3.8 9.3.5, E.2: control header 3).</summary>
    public static byte[] Command(byte[] command, byte contextId = 1)
    {
        var pdu = new byte[12 + command.Length];
        pdu[0] = (byte)PduType.DataTransfer;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)command.Length + 6);
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(6), (uint)command.Length + 2);
        pdu[10] = contextId;
        pdu[11] = 3;
        command.CopyTo(pdu, 12);
        return pdu;
    }
}
