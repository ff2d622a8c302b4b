using System.Buffers.Binary;
using ImagingPipeline.Dicom.Network;

namespace ImagingPipeline.Dicom.Tests.Network;

/// <summary>PDUs built byte by byte for tests that play one side of an association on a raw socket.</summary>
internal static class RawPdus
{
    /// <summary>Reads one PDU: its type and body.</summary>
    public static async Task<(byte Type, byte[] Body)> ReadAsync(System.Net.Sockets.NetworkStream stream, CancellationToken ct)
    {
        var header = new byte[6];
        await stream.ReadExactlyAsync(header, ct);
        var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
        await stream.ReadExactlyAsync(body, ct);
        return (header[0], body);
    }

    /// <summary>A P-DATA-TF with one PDV holding a whole command set (PS3.8 9.3.5, E.2: control header 3).</summary>
    public static byte[] Command(byte[] command, byte contextId = 1) => Pdv(command, contextId, 3);

    /// <summary>A P-DATA-TF with one PDV holding a whole data set (control header 2: last fragment, data).</summary>
    public static byte[] DataSet(byte[] dataset, byte contextId = 1) => Pdv(dataset, contextId, 2);

    private static byte[] Pdv(byte[] command, byte contextId, byte control)
    {
        var pdu = new byte[12 + command.Length];
        pdu[0] = (byte)PduType.DataTransfer;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)command.Length + 6);
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(6), (uint)command.Length + 2);
        pdu[10] = contextId;
        pdu[11] = control;
        command.CopyTo(pdu, 12);
        return pdu;
    }
}
