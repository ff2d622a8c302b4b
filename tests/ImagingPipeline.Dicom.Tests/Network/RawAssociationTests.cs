using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ImagingPipeline.Dicom.Network;
using Xunit;

namespace ImagingPipeline.Dicom.Tests.Network;

/// <summary>Rejections and hostile input over raw sockets: exact codes, closed connection, server still serving.</summary>
[Collection(MemoryMeasuringCollection.Name)]
public sealed class RawAssociationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static byte[] AssociateRequest(string called, string calling, params (byte Id, string Sop, string Ts)[] contexts)
    {
        var pdu = new AssociatePdu { CalledAeTitle = called, CallingAeTitle = calling, MaxPduLength = 16384 };
        foreach (var (id, sop, ts) in contexts)
        {
            pdu.Contexts.Add(new PresentationContext(id, sop, [ts]));
        }

        return AssociatePduWriter.Encode(pdu);
    }

    /// <summary>The fixture's ARTIM and idle timeouts are 2 s; a connection must be closed by then, with this much grace.</summary>
    private static readonly TimeSpan CloseWithin = TimeSpan.FromSeconds(2 + 3);

    private static async Task<byte[]> ExchangeAsync(int port, byte[] send)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, Ct);
        var stream = client.GetStream();
        await stream.WriteAsync(send, Ct);
        return await ReadToCloseAsync(stream);
    }

    /// <summary>Reads until the server closes; fails when it has not within <see cref="CloseWithin"/>.</summary>
    internal static async Task<byte[]> ReadToCloseAsync(NetworkStream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(CloseWithin);
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, cts.Token)) > 0)
            {
                received.Write(buffer, 0, n);
            }
        }
        catch (IOException)
        {
            // reset by the server after its A-ABORT
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            Assert.Fail($"the server did not close the connection within {CloseWithin.TotalSeconds} s");
        }

        return received.ToArray();
    }

    /// <summary>A connection that sent an A-ASSOCIATE-RQ (Verification, implicit VR LE) and read the answer's PDU type; left open.</summary>
    private static async Task<(TcpClient Client, byte Answer)> AssociateRawAsync(int port, string calledAe)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, Ct);
        await client.GetStream().WriteAsync(AssociateRequest(calledAe, "SCU", (1, "1.2.840.10008.1.1", "1.2.840.10008.1.2")), Ct);
        return (client, (await RawPdus.ReadAsync(client.GetStream(), Ct)).Type);
    }

    private static async Task AssertStillServesAsync(ScpFixture scp)
    {
        var reply = await ExchangeAsync(scp.Port, [.. AssociateRequest("IMAGINGPIPE", "SCU", (1, "1.2.840.10008.1.1", "1.2.840.10008.1.2")), 5, 0, 0, 0, 0, 4, 0, 0, 0, 0]);
        Assert.Equal((byte)PduType.AssociateAccept, reply[0]);
    }

    [Theory]
    [InlineData("WRONG", "SCU", 1, 1, 7)]
    [InlineData("IMAGINGPIPE", "STRANGER", 1, 1, 3)]
    public async Task Association_is_rejected_with_exact_codes(string called, string calling, byte result, byte source, byte reason)
    {
        await using var scp = await new ScpFixture(o => o.CallingAeAllowList.Add("SCU")).StartAsync();
        var reply = await ExchangeAsync(scp.Port, AssociateRequest(called, calling, (1, "1.2.840.10008.1.1", "1.2.840.10008.1.2")));
        Assert.Equal(new byte[] { 3, 0, 0, 0, 0, 4, 0, result, source, reason }, reply);
        await AssertStillServesAsync(scp);
    }

    [Fact]
    public async Task Too_many_associations_get_a_transient_rejection()
    {
        await using var scp = await new ScpFixture(o => o.MaxAssociations = 1).StartAsync();
        using var first = new TcpClient();
        await first.ConnectAsync(IPAddress.Loopback, scp.Port, Ct);
        await first.GetStream().WriteAsync(AssociateRequest("IMAGINGPIPE", "SCU", (1, "1.2.840.10008.1.1", "1.2.840.10008.1.2")), Ct);
        var header = new byte[6];
        await first.GetStream().ReadExactlyAsync(header, Ct);
        Assert.Equal((byte)PduType.AssociateAccept, header[0]);
        var reply = await ExchangeAsync(scp.Port, AssociateRequest("IMAGINGPIPE", "SCU", (1, "1.2.840.10008.1.1", "1.2.840.10008.1.2")));
        Assert.Equal(new byte[] { 3, 0, 0, 0, 0, 4, 0, 2, 3, 2 }, reply);
    }

    [Fact]
    public async Task A_released_association_frees_its_slot_before_the_peer_closes_the_connection()
    {
        await using var scp = await new ScpFixture(o => o.MaxAssociations = 1).StartAsync();
        var (first, answer) = await AssociateRawAsync(scp.Port, "IMAGINGPIPE");
        using var _ = first;
        Assert.Equal((byte)PduType.AssociateAccept, answer);
        await first.GetStream().WriteAsync(new byte[] { 5, 0, 0, 0, 0, 4, 0, 0, 0, 0 }, Ct); // A-RELEASE-RQ
        Assert.Equal((byte)PduType.ReleaseResponse, (await RawPdus.ReadAsync(first.GetStream(), Ct)).Type);

        // The first peer has its A-RELEASE-RP but has not closed yet (the SCP waits for that up to ARTIM):
        // a sender reconnecting at once must get the slot.
        var reply = await ExchangeAsync(scp.Port, AssociateRequest("IMAGINGPIPE", "SCU", (1, "1.2.840.10008.1.1", "1.2.840.10008.1.2")));
        Assert.Equal((byte)PduType.AssociateAccept, reply[0]);
    }

    [Fact]
    public async Task A_rejected_attempt_frees_its_slot_before_the_peer_sees_the_rejection()
    {
        await using var scp = await new ScpFixture(o => o.MaxAssociations = 1).StartAsync();
        var (rejected, answer) = await AssociateRawAsync(scp.Port, "WRONG");
        using var _ = rejected;
        Assert.Equal((byte)PduType.AssociateReject, answer);

        // The rejected peer has not closed yet (the SCP waits for that up to ARTIM): its corrected retry gets the slot.
        var reply = await ExchangeAsync(scp.Port, AssociateRequest("IMAGINGPIPE", "SCU", (1, "1.2.840.10008.1.1", "1.2.840.10008.1.2")));
        Assert.Equal((byte)PduType.AssociateAccept, reply[0]);
    }

    [Fact]
    public async Task No_acceptable_context_is_answered_per_context()
    {
        await using var scp = await new ScpFixture().StartAsync();
        var reply = await ExchangeAsync(scp.Port, [.. AssociateRequest("IMAGINGPIPE", "SCU",
            (1, "1.2.3.4", "1.2.840.10008.1.2"), (3, "1.2.840.10008.1.1", "1.2.3.999")), 5, 0, 0, 0, 0, 4, 0, 0, 0, 0]);
        Assert.Equal((byte)PduType.AssociateAccept, reply[0]);
        var ac = AssociatePdu.Parse(reply.AsSpan(6, (int)BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(2))), isAccept: true);
        Assert.Equal(PresentationContextResult.AbstractSyntaxNotSupported, ac.Contexts.Single(c => c.Id == 1).Result);
        Assert.Equal(PresentationContextResult.TransferSyntaxesNotSupported, ac.Contexts.Single(c => c.Id == 3).Result);
    }

    public static TheoryData<string, byte[]> Hostile() => new()
    {
        { "http", Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n") },
        { "huge length", [1, 0, 0xFF, 0xFF, 0xFF, 0xFF] },
        { "truncated", [1, 0, 0, 0, 1, 0, 0, 1, 0, 0] },
        { "p-data first", [4, 0, 0, 0, 0, 8, 0, 0, 0, 4, 1, 3, 0, 0] },
        { "zero contexts", AssociateRequest("IMAGINGPIPE", "SCU") },
        { "unnegotiated context", [.. AssociateRequest("IMAGINGPIPE", "SCU", (1, "1.2.840.10008.1.1", "1.2.840.10008.1.2")), 4, 0, 0, 0, 0, 8, 0, 0, 0, 4, 7, 3, 0, 0] },
        { "release wrong length", [.. AssociateRequest("IMAGINGPIPE", "SCU", (1, "1.2.840.10008.1.1", "1.2.840.10008.1.2")), 5, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0] },
        { "huge length after association", [.. AssociateRequest("IMAGINGPIPE", "SCU", (1, "1.2.840.10008.1.1", "1.2.840.10008.1.2")), 4, 0, 0xFF, 0xFF, 0xFF, 0xFF] },
        { "pdv item longer than its pdu", [.. AssociateRequest("IMAGINGPIPE", "SCU", (1, "1.2.840.10008.1.1", "1.2.840.10008.1.2")), 4, 0, 0, 0, 0, 8, 0, 0, 1, 0, 1, 3, 0, 0] },
        { "second a-associate-rq", [.. AssociateRequest("IMAGINGPIPE", "SCU", (1, "1.2.840.10008.1.1", "1.2.840.10008.1.2")), .. AssociateRequest("IMAGINGPIPE", "SCU", (1, "1.2.840.10008.1.1", "1.2.840.10008.1.2"))] },
        { "unknown pdu type", [9, 0, 0, 0, 0, 4, 0, 0, 0, 0] },
        { "max pdu length 3", AssociateRequestWithMaxPdu(3) },
    };

    private static byte[] AssociateRequestWithMaxPdu(uint maxPdu)
    {
        var pdu = new AssociatePdu { CalledAeTitle = "IMAGINGPIPE", CallingAeTitle = "SCU", MaxPduLength = maxPdu };
        pdu.Contexts.Add(new PresentationContext(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]));
        return AssociatePduWriter.Encode(pdu);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Hostile_input_closes_the_connection_and_the_next_association_works(string name, byte[] bytes)
    {
        Assert.NotEmpty(name);
        await using var scp = await new ScpFixture().StartAsync();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var reply = await ExchangeAsync(scp.Port, bytes);
        Assert.True(GC.GetTotalMemory(forceFullCollection: true) - before < 16 << 20, "memory jumped");
        // Whatever came back ends in an A-ABORT (source 2) or an A-ASSOCIATE-RJ; never an answer to the junk.
        Assert.True(reply.Length == 0 || (reply.Length >= 10 && reply[^10] is (byte)PduType.Abort or (byte)PduType.AssociateReject),
            $"{name}: last bytes {Convert.ToHexString(reply.AsSpan(Math.Max(0, reply.Length - 10)))}");
        await AssertStillServesAsync(scp);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task One_byte_per_second_trickle_is_cut_by_the_timeout(bool afterAssociation)
    {
        await using var scp = await new ScpFixture().StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, scp.Port, Ct);
        var stream = client.GetStream();
        var rq = AssociateRequest("IMAGINGPIPE", "SCU", (1, "1.2.840.10008.1.1", "1.2.840.10008.1.2"));
        byte[] trickle = rq;
        if (afterAssociation)
        {
            await stream.WriteAsync(rq, Ct);
            var header = new byte[6];
            await stream.ReadExactlyAsync(header, Ct);
            Assert.Equal((byte)PduType.AssociateAccept, header[0]);
            await stream.ReadExactlyAsync(new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))], Ct);
            trickle = [4, 0, 0, 0, 0, 80, 0, 0, 0, 76, 1, 3]; // a P-DATA-TF that would take 86 s at this pace
        }

        var started = Environment.TickCount64;
        var closed = false;
        for (var i = 0; i < trickle.Length && !closed; i++)
        {
            try
            {
                await stream.WriteAsync(trickle.AsMemory(i, 1), Ct);
                closed = client.Client.Poll(TimeSpan.FromSeconds(1), SelectMode.SelectRead);
            }
            catch (IOException)
            {
                closed = true;
            }
        }

        var rest = await ReadToCloseAsync(stream);
        Assert.True(closed, "the trickle went on to its end");
        Assert.True(Environment.TickCount64 - started < (long)CloseWithin.TotalMilliseconds + 1000, "not cut within the timeout");
        Assert.True(rest.Length == 0 || (rest.Length >= 10 && rest[^10] == (byte)PduType.Abort));
        await AssertStillServesAsync(scp);
    }

    [Fact]
    public async Task Abort_before_association_is_closed_without_an_answer()
    {
        await using var scp = await new ScpFixture().StartAsync();
        Assert.Empty(await ExchangeAsync(scp.Port, [7, 0, 0, 0, 0, 4, 0, 0, 0, 0]));
        await AssertStillServesAsync(scp);
    }

    [Fact]
    public async Task Silent_established_association_is_aborted_after_the_idle_timeout()
    {
        await using var scp = await new ScpFixture().StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, scp.Port, Ct);
        var stream = client.GetStream();
        await stream.WriteAsync(AssociateRequest("IMAGINGPIPE", "SCU", (1, "1.2.840.10008.1.1", "1.2.840.10008.1.2")), Ct);
        var reply = await ReadToCloseAsync(stream);
        Assert.Equal((byte)PduType.AssociateAccept, reply[0]);
        Assert.Equal(new byte[] { 7, 0, 0, 0, 0, 4, 0, 0, 2, 0 }, reply[^10..]);
        Assert.Equal(0, scp.Server.ActiveAssociations);
    }

    [Fact]
    public async Task Ten_thousand_connections_that_open_and_drop_leak_nothing()
    {
        await using var scp = await new ScpFixture().StartAsync();
        await AssertStillServesAsync(scp); // warm up: pools, JIT, the first association's buffers
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var handlesBefore = OpenHandles();
        for (var i = 0; i < 10_000; i++)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, scp.Port, Ct);
            client.Client.LingerState = new LingerOption(true, 0); // drop with a reset, as a scanner does
        }

        // Every connection ended by the peer is gone once the server has seen its close: no ARTIM needed.
        var deadline = Environment.TickCount64 + (long)CloseWithin.TotalMilliseconds * 2;
        while (scp.Server.ActiveAssociations > 0 && Environment.TickCount64 < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.Equal(0, scp.Server.ActiveAssociations);
        var grown = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;
        Assert.True(grown < 8 << 20, $"managed memory grew {grown / 1024} KiB");
        Assert.True(OpenHandles() - handlesBefore < 20, $"open file handles {handlesBefore} -> {OpenHandles()}");
        await AssertStillServesAsync(scp);
    }

    private static int OpenHandles() => Directory.GetFiles("/proc/self/fd").Length;
}
