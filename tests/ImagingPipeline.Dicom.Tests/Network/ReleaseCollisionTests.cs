using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ImagingPipeline.Dicom.Network;
using Xunit;

namespace ImagingPipeline.Dicom.Tests.Network;

/// <summary>Our SCU against a scripted acceptor on a raw socket: release collision (PS3.8 9.2.3) and abort while waiting.</summary>
public sealed class ReleaseCollisionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Accepts one association, answers one C-ECHO, then plays <paramref name="onRelease"/> when A-RELEASE-RQ arrives.</summary>
    private static async Task<List<byte>> ScriptedAcceptorAsync(TcpListener listener, Func<NetworkStream, Task> onRelease)
    {
        var received = new List<byte>();
        using var socket = await listener.AcceptTcpClientAsync(Ct);
        var stream = socket.GetStream();
        async Task<(byte Type, byte[] Body)> ReadAsync()
        {
            var header = new byte[6];
            await stream.ReadExactlyAsync(header, Ct);
            var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
            await stream.ReadExactlyAsync(body, Ct);
            received.Add(header[0]);
            return (header[0], body);
        }

        var (_, rqBody) = await ReadAsync();
        var rq = AssociatePdu.Parse(rqBody, isAccept: false);
        var ac = new AssociatePdu { IsAccept = true, CalledAeTitle = rq.CalledAeTitle, CallingAeTitle = rq.CallingAeTitle, MaxPduLength = 16384 };
        ac.Contexts.Add(new PresentationContext(1, rq.Contexts[0].AbstractSyntax, rq.Contexts[0].TransferSyntaxes)
        {
            Result = PresentationContextResult.Acceptance,
            AcceptedTransferSyntax = rq.Contexts[0].TransferSyntaxes[0],
        });
        await stream.WriteAsync(AssociatePduWriter.Encode(ac), Ct);
        await ReadAsync(); // C-ECHO-RQ
        var rsp = new CommandSet()
            .Set(CommandSet.AffectedSopClassUid, "1.2.840.10008.1.1")
            .Set(CommandSet.CommandField, 0x8030)
            .Set(CommandSet.MessageIdBeingRespondedTo, 1)
            .Set(CommandSet.CommandDataSetType, CommandSet.NoDataSet)
            .Set(CommandSet.Status, 0)
            .Encode();
        await stream.WriteAsync(RawPdus.Command(rsp), Ct);
        var (releaseType, _) = await ReadAsync();
        Assert.Equal((byte)PduType.ReleaseRequest, releaseType);
        await onRelease(stream);
        if (received[^1] != (byte)PduType.Abort)
        {
            // Read whatever the requestor answers until it closes.
            try
            {
                while (true)
                {
                    await ReadAsync();
                }
            }
            catch (EndOfStreamException)
            {
            }
            catch (IOException)
            {
            }
        }

        return received;
    }

    /// <summary>Runs the scripted acceptor on a loopback port 0 and our client's C-ECHO against it.</summary>
    private static async Task<Exception?> EchoAgainstAsync(Func<NetworkStream, Task> onRelease, TimeSpan dimseTimeout)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var acceptor = ScriptedAcceptorAsync(listener, onRelease);
            var client = new DicomClient("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port) { DimseTimeout = dimseTimeout };
            Exception? error = null;
            try
            {
                Assert.Equal(0, await client.EchoAsync(Ct));
            }
            catch (DicomNetworkException ex)
            {
                error = ex;
            }

            await acceptor;
            return error;
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Release_collision_is_answered_as_the_requestor_and_completes()
    {
        var error = await EchoAgainstAsync(async stream =>
        {
            // The acceptor also asked for release (Sta10 for it); it must get our A-RELEASE-RP first, then sends its own.
            await stream.WriteAsync(ShortPdu.Encode(PduType.ReleaseRequest, 0, 0, 0), Ct);
            var header = new byte[10];
            await stream.ReadExactlyAsync(header, Ct);
            Assert.Equal((byte)PduType.ReleaseResponse, header[0]);
            await stream.WriteAsync(ShortPdu.Encode(PduType.ReleaseResponse, 0, 0, 0), Ct);
        }, TimeSpan.FromSeconds(10));
        Assert.Null(error);
    }

    [Fact]
    public async Task Abort_in_answer_to_release_is_reported()
    {
        var error = await EchoAgainstAsync(stream => stream.WriteAsync(new AbortPdu(2, 0).Encode(), Ct).AsTask(), TimeSpan.FromSeconds(10));
        Assert.Contains("aborted during release", error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silent_acceptor_is_cut_by_the_dimse_timeout()
    {
        // The acceptor stays silent after the A-RELEASE-RQ until the client gives up and closes. The DIMSE timeout also
        // bounds the wait for the C-ECHO-RSP, so it leaves room for a loaded machine.
        var error = await EchoAgainstAsync(async stream =>
        {
            var scratch = new byte[256];
            try
            {
                while (await stream.ReadAsync(scratch, Ct) > 0)
                {
                }
            }
            catch (IOException)
            {
            }
        }, TimeSpan.FromSeconds(5));
        Assert.Contains("no A-RELEASE-RP", error?.Message, StringComparison.Ordinal);
    }
}
