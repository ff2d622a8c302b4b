using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ImagingPipeline.Dicom.Network;
using Xunit;

namespace ImagingPipeline.Dicom.Tests.Network;

/// <summary>A-ASSOCIATE sub-items (PS3.7 D.3.3) and PDV fragmentation to the peer's maximum (PS3.8 D.1), over raw sockets.</summary>
public sealed class NegotiationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Verification = "1.2.840.10008.1.1";
    private const string CtImage = "1.2.840.10008.5.1.4.1.1.2";
    private const string Implicit = "1.2.840.10008.1.2";

    private static AssociatePdu Request(uint maxPdu = 16384)
    {
        var rq = new AssociatePdu { CalledAeTitle = "IMAGINGPIPE", CallingAeTitle = "SCU", MaxPduLength = maxPdu };
        rq.Contexts.Add(new PresentationContext(1, Verification, [Implicit]));
        rq.Contexts.Add(new PresentationContext(3, CtImage, [Implicit]));
        return rq;
    }

    /// <summary>Sends the request and returns the answer PDU (type and body) and the open stream.</summary>
    private static async Task<(byte Type, byte[] Body)> AssociateAsync(NetworkStream stream, AssociatePdu rq)
    {
        await stream.WriteAsync(AssociatePduWriter.Encode(rq), Ct);
        return await RawPdus.ReadAsync(stream, Ct);
    }

    private static async Task<TcpClient> ConnectAsync(ScpFixture scp)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, scp.Port, Ct);
        return client;
    }

    [Fact]
    public async Task Async_window_is_answered_one_by_one_and_roles_and_extended_negotiation_as_supported()
    {
        await using var scp = await new ScpFixture().StartAsync();
        using var client = await ConnectAsync(scp);
        var rq = Request();
        rq.AsyncOperations = (8, 8);
        rq.Roles.Add(new RoleSelection(CtImage, ScuRole: true, ScpRole: true));
        rq.ExtendedNegotiation[CtImage] = [1, 1, 1];
        var (type, body) = await AssociateAsync(client.GetStream(), rq);
        Assert.Equal((byte)PduType.AssociateAccept, type);
        var ac = AssociatePdu.Parse(body, isAccept: true);
        Assert.Equal(((ushort)1, (ushort)1), ac.AsyncOperations);
        // We serve storage as SCP only: the requestor may be SCU, not SCP (PS3.7 D.3.3.4).
        Assert.Equal([new RoleSelection(CtImage, ScuRole: true, ScpRole: false)], ac.Roles);
        Assert.Empty(ac.ExtendedNegotiation); // none supported, so none answered (PS3.7 D.3.3.5)
        Assert.Null(ac.UserIdentityResponse);
        Assert.Equal(256u * 1024, ac.MaxPduLength);
    }

    [Fact]
    public async Task User_identity_is_validated_and_answered_when_a_response_is_requested()
    {
        var seen = new List<DicomUserIdentity>();
        await using var scp = await new ScpFixture(o => o.UserIdentityValidator = id =>
        {
            seen.Add(id);
            return id.PrimaryText == "modality" && id.SecondaryText == "s3cret";
        }).StartAsync();
        using (var client = await ConnectAsync(scp))
        {
            var rq = Request();
            rq.UserIdentity = DicomUserIdentity.ForUsername("modality", "s3cret");
            var (type, body) = await AssociateAsync(client.GetStream(), rq);
            Assert.Equal((byte)PduType.AssociateAccept, type);
            Assert.Equal(0, AssociatePdu.Parse(body, isAccept: true).UserIdentityResponse?.Length);
        }

        using (var client = await ConnectAsync(scp))
        {
            var rq = Request();
            rq.UserIdentity = DicomUserIdentity.ForUsername("modality", "wrong");
            var (type, body) = await AssociateAsync(client.GetStream(), rq);
            Assert.Equal((byte)PduType.AssociateReject, type);
            Assert.Equal(new byte[] { 0, 1, 1, 1 }, body);
        }

        Assert.Equal(2, seen.Count);
        Assert.Equal(DicomUserIdentity.UsernameAndPasscode, seen[0].Type);
    }

    [Fact]
    public async Task Required_user_identity_missing_is_rejected_and_our_client_sends_one()
    {
        await using var scp = await new ScpFixture(o =>
        {
            o.RequireUserIdentity = true;
            o.UserIdentityValidator = id => id.Type == DicomUserIdentity.Jwt && id.PrimaryText == "token";
        }).StartAsync();
        var anonymous = new DicomClient("127.0.0.1", scp.Port) { CalledAeTitle = "IMAGINGPIPE" };
        var ex = await Assert.ThrowsAsync<DicomNetworkException>(() => anonymous.EchoAsync(Ct));
        Assert.Equal(((byte)1, (byte)1, (byte)1), ex.Rejection);
        var withToken = new DicomClient("127.0.0.1", scp.Port)
        {
            CalledAeTitle = "IMAGINGPIPE",
            UserIdentity = new DicomUserIdentity(DicomUserIdentity.Jwt, true, "token"u8.ToArray(), []),
        };
        Assert.Equal(0, await withToken.EchoAsync(Ct));
    }

    [Fact]
    public async Task Unsupported_protocol_version_is_rejected_1_2_2()
    {
        await using var scp = await new ScpFixture().StartAsync();
        using var client = await ConnectAsync(scp);
        var rq = Request();
        rq.ProtocolVersion = 2;
        var (type, body) = await AssociateAsync(client.GetStream(), rq);
        Assert.Equal((byte)PduType.AssociateReject, type);
        Assert.Equal(new byte[] { 0, 1, 2, 2 }, body);
    }

    [Fact]
    public async Task Even_or_duplicate_context_ids_are_refused_per_context()
    {
        await using var scp = await new ScpFixture().StartAsync();
        using var client = await ConnectAsync(scp);
        var rq = Request();
        rq.Contexts.Add(new PresentationContext(4, Verification, [Implicit]));
        rq.Contexts.Add(new PresentationContext(1, Verification, [Implicit]));
        var (_, body) = await AssociateAsync(client.GetStream(), rq);
        var results = AssociatePdu.Parse(body, isAccept: true).Contexts.Select(c => (c.Id, c.Result)).ToList();
        Assert.Equal(
            [(1, PresentationContextResult.Acceptance), (3, PresentationContextResult.Acceptance),
             (4, PresentationContextResult.NoReason), (1, PresentationContextResult.NoReason)],
            results.Select(r => ((int)r.Id, r.Result)));
    }

    [Fact]
    public async Task Response_pdvs_are_fragmented_to_the_requestors_maximum_pdu_length()
    {
        await using var scp = await new ScpFixture().StartAsync();
        using var client = await ConnectAsync(scp);
        var stream = client.GetStream();
        const uint maxPdu = 32; // 26 bytes of command per PDV: the ~80-byte C-ECHO-RSP needs several
        var (type, _) = await AssociateAsync(stream, Request(maxPdu));
        Assert.Equal((byte)PduType.AssociateAccept, type);
        await SendCommandAsync(stream, 0x0030, 7);
        var command = new MemoryStream();
        var pdus = 0;
        while (true)
        {
            var (pduType, body) = await RawPdus.ReadAsync(stream, Ct);
            Assert.Equal((byte)PduType.DataTransfer, pduType);
            Assert.True(body.Length <= maxPdu, $"P-DATA-TF of {body.Length} bytes exceeds the peer's maximum {maxPdu}");
            pdus++;
            command.Write(body, 6, body.Length - 6);
            Assert.Equal(1, body[5] & 1); // a command fragment
            if ((body[5] & 2) != 0)
            {
                break;
            }
        }

        var rsp = CommandSet.Parse(command.ToArray());
        Assert.Equal((int)((command.Length + maxPdu - 7) / (maxPdu - 6)), pdus); // as few PDVs as the maximum allows, and more than one
        Assert.Equal((ushort)0x8030, rsp.GetUInt16(CommandSet.CommandField));
        Assert.Equal((ushort)7, rsp.GetUInt16(CommandSet.MessageIdBeingRespondedTo));
        Assert.Equal((ushort)0, rsp.GetUInt16(CommandSet.Status));
    }

    /// <summary>Sends a command without data set on context 1 as one P-DATA-TF with one PDV (PS3.8 9.3.5).</summary>
    private static async Task SendCommandAsync(NetworkStream stream, ushort field, ushort messageId)
    {
        var command = new CommandSet()
            .Set(CommandSet.AffectedSopClassUid, Verification)
            .Set(CommandSet.CommandField, field)
            .Set(CommandSet.MessageId, messageId)
            .Set(CommandSet.CommandDataSetType, CommandSet.NoDataSet)
            .Encode();
        await stream.WriteAsync(RawPdus.Command(command), Ct);
    }

    [Fact]
    public async Task Unknown_command_is_answered_unrecognized_operation()
    {
        await using var scp = await new ScpFixture().StartAsync();
        using var client = await ConnectAsync(scp);
        var stream = client.GetStream();
        await AssociateAsync(stream, Request());
        await SendCommandAsync(stream, 0x0020, 3); // C-FIND-RQ: not a service of this SCP
        var (_, body) = await RawPdus.ReadAsync(stream, Ct);
        var rsp = CommandSet.Parse(body.AsSpan(6));
        Assert.Equal((ushort)0x8020, rsp.GetUInt16(CommandSet.CommandField));
        Assert.Equal((ushort)0x0211, rsp.GetUInt16(CommandSet.Status));
    }
}
