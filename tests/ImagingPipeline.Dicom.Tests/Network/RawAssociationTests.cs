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

    private static async Task<byte[]> ExchangeAsync(int port, byte[] send)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, Ct);
        var stream = client.GetStream();
        await stream.WriteAsync(send, Ct);
        return await ReadToCloseAsync(stream);
    }

    private static async Task<byte[]> ReadToCloseAsync(NetworkStream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(10));
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

        Assert.False(cts.IsCancellationRequested, "the server did not close the connection within its timeout");
        return received.ToArray();
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
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Hostile_input_closes_the_connection_and_the_next_association_works(string name, byte[] bytes)
    {
        Assert.NotEmpty(name);
        await using var scp = await new ScpFixture().StartAsync();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await ExchangeAsync(scp.Port, bytes);
        Assert.True(GC.GetTotalMemory(forceFullCollection: true) - before < 64 << 20, "memory jumped");
        await AssertStillServesAsync(scp);
    }

    [Fact]
    public async Task Trickle_is_cut_by_the_timeout()
    {
        await using var scp = await new ScpFixture(o => o.ArtimTimeout = TimeSpan.FromSeconds(1)).StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, scp.Port, Ct);
        var stream = client.GetStream();
        var rq = AssociateRequest("IMAGINGPIPE", "SCU", (1, "1.2.840.10008.1.1", "1.2.840.10008.1.2"));
        var closed = false;
        for (var i = 0; i < 5 && !closed; i++)
        {
            try
            {
                await stream.WriteAsync(rq.AsMemory(i, 1), Ct);
                await Task.Delay(600, Ct);
            }
            catch (IOException)
            {
                closed = true;
            }
        }

        var rest = await ReadToCloseAsync(stream);
        Assert.True(rest.Length == 0 || rest[0] == (byte)PduType.Abort);
        await AssertStillServesAsync(scp);
    }

    [Fact]
    public async Task Many_connections_that_open_and_drop_leave_no_association_behind()
    {
        await using var scp = await new ScpFixture().StartAsync();
        for (var i = 0; i < 2000; i++)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, scp.Port, Ct);
        }

        for (var i = 0; i < 400 && scp.Server.ActiveAssociations > 0; i++)
        {
            await Task.Delay(50, Ct);
        }

        Assert.Equal(0, scp.Server.ActiveAssociations);
        await AssertStillServesAsync(scp);
    }
}
