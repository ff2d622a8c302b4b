using System.Buffers.Binary;
using System.Text;

namespace ImagingPipeline.Dicom.Network;

/// <summary>Encoding of A-ASSOCIATE-RQ/AC (PS3.8 9.3.2, 9.3.3).</summary>
internal sealed class AssociatePduWriter
{
    private readonly MemoryStream _stream = new();

    public static byte[] Encode(AssociatePdu pdu)
    {
        var w = new AssociatePduWriter();
        var s = w._stream;
        s.Write([(byte)(pdu.IsAccept ? PduType.AssociateAccept : PduType.AssociateRequest), 0, 0, 0, 0, 0]);
        s.Write([(byte)(pdu.ProtocolVersion >> 8), (byte)pdu.ProtocolVersion, 0, 0]); // protocol version, reserved
        w.Ae(pdu.CalledAeTitle);
        w.Ae(pdu.CallingAeTitle);
        s.Write(new byte[32]);
        w.Item(0x10, Encoding.ASCII.GetBytes(pdu.ApplicationContext));
        foreach (var pc in pdu.Contexts)
        {
            var sub = new MemoryStream();
            sub.Write([pc.Id, 0, pdu.IsAccept ? (byte)pc.Result : (byte)0, 0]);
            if (pdu.IsAccept)
            {
                SubItem(sub, 0x40, Encoding.ASCII.GetBytes(pc.AcceptedTransferSyntax ?? Uids.ImplicitVRLittleEndian));
            }
            else
            {
                SubItem(sub, 0x30, Encoding.ASCII.GetBytes(pc.AbstractSyntax));
                foreach (var ts in pc.TransferSyntaxes)
                {
                    SubItem(sub, 0x40, Encoding.ASCII.GetBytes(ts));
                }
            }

            w.Item(pdu.IsAccept ? (byte)0x21 : (byte)0x20, sub.ToArray());
        }

        w.Item(0x50, UserInformation(pdu));
        var bytes = s.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(2), (uint)(bytes.Length - 6));
        return bytes;
    }

    private static byte[] UserInformation(AssociatePdu pdu)
    {
        var u = new MemoryStream();
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(four, pdu.MaxPduLength);
        SubItem(u, 0x51, four.ToArray());
        if (pdu.ImplementationClassUid is { } uid)
        {
            SubItem(u, 0x52, Encoding.ASCII.GetBytes(uid));
        }

        if (pdu.AsyncOperations is { } ops)
        {
            BinaryPrimitives.WriteUInt16BigEndian(four, ops.Invoked);
            BinaryPrimitives.WriteUInt16BigEndian(four[2..], ops.Performed);
            SubItem(u, 0x53, four.ToArray());
        }

        foreach (var role in pdu.Roles)
        {
            var uidBytes = Encoding.ASCII.GetBytes(role.SopClassUid);
            var v = new byte[uidBytes.Length + 4];
            BinaryPrimitives.WriteUInt16BigEndian(v, (ushort)uidBytes.Length);
            uidBytes.CopyTo(v, 2);
            v[^2] = role.ScuRole ? (byte)1 : (byte)0;
            v[^1] = role.ScpRole ? (byte)1 : (byte)0;
            SubItem(u, 0x54, v);
        }

        if (pdu.ImplementationVersionName is { } name)
        {
            SubItem(u, 0x55, Encoding.ASCII.GetBytes(name));
        }

        foreach (var (sopClass, info) in pdu.ExtendedNegotiation)
        {
            var uidBytes = Encoding.ASCII.GetBytes(sopClass);
            var v = new byte[uidBytes.Length + 2 + info.Length];
            BinaryPrimitives.WriteUInt16BigEndian(v, (ushort)uidBytes.Length);
            uidBytes.CopyTo(v, 2);
            info.CopyTo(v, 2 + uidBytes.Length);
            SubItem(u, 0x56, v);
        }

        if (!pdu.IsAccept && pdu.UserIdentity is { } id)
        {
            var v = new byte[6 + id.PrimaryField.Length + id.SecondaryField.Length];
            v[0] = id.Type;
            v[1] = id.PositiveResponseRequested ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteUInt16BigEndian(v.AsSpan(2), (ushort)id.PrimaryField.Length);
            id.PrimaryField.CopyTo(v, 4);
            BinaryPrimitives.WriteUInt16BigEndian(v.AsSpan(4 + id.PrimaryField.Length), (ushort)id.SecondaryField.Length);
            id.SecondaryField.CopyTo(v, 6 + id.PrimaryField.Length);
            SubItem(u, 0x58, v);
        }

        if (pdu.IsAccept && pdu.UserIdentityResponse is { } response)
        {
            var v = new byte[2 + response.Length];
            BinaryPrimitives.WriteUInt16BigEndian(v, (ushort)response.Length);
            response.CopyTo(v, 2);
            SubItem(u, 0x59, v);
        }

        return u.ToArray();
    }

    private void Ae(string title)
    {
        var bytes = new byte[16];
        bytes.AsSpan().Fill((byte)' ');
        Encoding.ASCII.GetBytes(title.AsSpan(0, Math.Min(16, title.Length)), bytes);
        _stream.Write(bytes);
    }

    private void Item(byte type, byte[] value) => SubItem(_stream, type, value);

    private static void SubItem(MemoryStream s, byte type, byte[] value)
    {
        Span<byte> header = [type, 0, 0, 0];
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)value.Length);
        s.Write(header);
        s.Write(value);
    }
}
