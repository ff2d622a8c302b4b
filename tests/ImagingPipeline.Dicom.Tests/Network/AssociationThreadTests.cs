using System.Collections.Concurrent;
using System.Net;
using ImagingPipeline.Dicom.Network;
using ImagingPipeline.TestSupport.Environment;
using Xunit;

namespace ImagingPipeline.Dicom.Tests.Network;

/// <summary>
/// A plain association is served by a thread of its own that blocks in its reads (no epoll round trip and pool
/// hand-over per PDU); a store handler that completes asynchronously does not move the association onto the pool.
/// </summary>
public sealed class AssociationThreadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_plain_association_keeps_its_own_thread_across_stores_that_complete_asynchronously()
    {
        var files = new[] { "CT_small.dcm", "MR_small_bigendian.dcm", "rtplan.dcm" }
            .Select(f => Requirements.Path(Path.Combine(RepositoryPaths.PydicomTestFiles, f), "pydicom test file")).ToArray();
        var temp = Directory.CreateTempSubdirectory("scp-thread-");
        try
        {
            var handler = new YieldingHandler();
            await using var server = new DicomServer(
                new DicomServerOptions { Port = 0, BindAddress = IPAddress.Loopback, TempDirectory = temp.FullName }, handler);
            await server.StartAsync(Ct);
            var client = new DicomClient("127.0.0.1", server.LocalEndPoint.Port) { CalledAeTitle = "IMAGINGPIPE" };

            var results = await client.StoreAsync(files, Ct);

            Assert.All(results, r => Assert.True(r.Succeeded, $"{r.Path}: {r.Status} {r.Error}"));
            Assert.Equal(files.Length, handler.Calls.Count);
            Assert.All(handler.Calls, c => Assert.False(c.OnPool, "the store handler was called on a pool thread"));
            Assert.Single(handler.Calls.Select(c => c.ThreadId).Distinct());
            Assert.All(handler.Continuations, onPool => Assert.True(onPool, "the handler's own continuation runs on the pool"));
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    /// <summary>Records the calling thread, then completes on the pool (like a store that waits for a group commit).</summary>
    private sealed class YieldingHandler : IDicomStoreHandler
    {
        public ConcurrentQueue<(int ThreadId, bool OnPool)> Calls { get; } = new();
        public ConcurrentQueue<bool> Continuations { get; } = new();

        public async ValueTask<DicomStoreResult> StoreAsync(DicomStoreRequest request, CancellationToken ct)
        {
            Calls.Enqueue((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread));
            await Task.Delay(20, ct);
            Continuations.Enqueue(Thread.CurrentThread.IsThreadPoolThread);
            return DicomStoreResult.Success;
        }
    }
}
