using System.Net.Sockets;
using ImagingPipeline.Dicom.Tests.Network;
using Xunit;

namespace ImagingPipeline.Dicom.Tests.Bugs;

/// <summary>A host stopping the server while it was also being disposed could enumerate the listener
/// list while the other call cleared it ("Collection was modified"), failing the host's shutdown. The
/// race depends on timing, so this test repeats concurrent stops and disposals with a peer connected;
/// every call must complete without an exception and leave no association behind.</summary>
public sealed class ConcurrentStopsShareOneStop
{
    [Fact]
    public async Task Stop_and_dispose_at_once_with_a_connected_peer()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var round = 0; round < 50; round++)
        {
            await using var scp = await new ScpFixture().StartAsync();
            using var peer = new TcpClient();
            await peer.ConnectAsync("127.0.0.1", scp.Port, ct);

            var stops = Enumerable.Range(0, 8)
                .Select(i => Task.Run(() => i % 2 == 0 ? scp.Server.StopAsync(ct) : scp.Server.DisposeAsync().AsTask(), ct))
                .ToArray();
            await Task.WhenAll(stops);
            await scp.Server.StopAsync(ct);

            Assert.Equal(0, scp.Server.ActiveAssociations);
        }
    }
}
