using System.Collections.Concurrent;
using System.Net;
using ImagingPipeline.Dicom.Network;
using ImagingPipeline.TestSupport.Environment;
using Xunit;

namespace ImagingPipeline.Dicom.Tests.Network;

/// <summary>What the server tells its observer for audit: association id, start, accepted contexts, bytes received,
/// rejected attempts with their AE titles; and that an observer written against the older overloads is still called.</summary>
public sealed class AuditObserverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string CtImage = "1.2.840.10008.5.1.4.1.1.2";

    private sealed class Recorder : IDicomServerObserver
    {
        public ConcurrentQueue<AssociationInfo> Opened { get; } = new();
        public ConcurrentQueue<DicomStoreRequest> Instances { get; } = new();
        public ConcurrentQueue<(AssociationAttempt Attempt, byte Result, byte Source, byte Reason)> Rejected { get; } = new();
        public TaskCompletionSource<(AssociationInfo Info, AssociationEnd End)> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void AssociationOpened(AssociationInfo association) => Opened.Enqueue(association);

        public void AssociationClosed(AssociationInfo association, AssociationEnd end) => Closed.TrySetResult((association, end));

        public void AssociationRejected(AssociationAttempt attempt, byte result, byte source, byte reason) =>
            Rejected.Enqueue((attempt, result, source, reason));

        public void InstanceReceived(DicomStoreRequest request, DicomStoreResult result) => Instances.Enqueue(request);
    }

    /// <summary>Implements only the overloads that existed before the audit additions.</summary>
    private sealed class LegacyObserver : IDicomServerObserver
    {
        public TaskCompletionSource<bool> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<(IPEndPoint Remote, byte Result, byte Source, byte Reason)> Rejected { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void AssociationClosed(AssociationInfo association, bool aborted) => Closed.TrySetResult(aborted);

        public void AssociationRejected(IPEndPoint remote, byte result, byte source, byte reason) =>
            Rejected.TrySetResult((remote, result, source, reason));
    }

    private static DicomClient Client(int port, string called = "IMAGINGPIPE") =>
        new("127.0.0.1", port) { CalledAeTitle = called, CallingAeTitle = "AUDITOR", Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Association_carries_id_start_accepted_contexts_and_bytes_received()
    {
        var file = Requirements.Path(Path.Combine(RepositoryPaths.PydicomTestFiles, "CT_small.dcm"), "pydicom test file");
        var observer = new Recorder();
        await using var scp = await new ScpFixture(observer: observer).StartAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        Assert.True(Assert.Single(await Client(scp.Port).StoreAsync([file], Ct)).Succeeded);
        var (info, end) = await observer.Closed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.NotEqual(Guid.Empty, info.Id);
        Assert.Same(info, Assert.Single(observer.Opened));
        Assert.Equal(info.Id, Assert.Single(observer.Instances).Association.Id);
        Assert.InRange(info.StartedAt, before, end.EndedAt);
        Assert.False(end.Aborted);
        Assert.Contains(info.AcceptedContexts, c => c.AbstractSyntax == CtImage && c.TransferSyntax.StartsWith("1.2.840.10008.1.2", StringComparison.Ordinal));
        Assert.All(info.AcceptedContexts, c => Assert.Equal(1, c.Id % 2));
        // The data set (the file less its preamble, prefix and file meta) and the PDU framing around it.
        Assert.True(end.BytesReceived > new FileInfo(file).Length - 400, $"{end.BytesReceived} bytes");

        // A second association gets another id.
        Assert.Equal(0, await Client(scp.Port).EchoAsync(Ct));
        Assert.Equal(2, observer.Opened.Count);
        Assert.Equal(2, observer.Opened.Select(o => o.Id).Distinct().Count());
    }

    [Fact]
    public async Task Rejected_attempt_names_the_ae_titles_and_legacy_observers_are_still_called()
    {
        var observer = new Recorder();
        await using (var scp = await new ScpFixture(observer: observer).StartAsync())
        {
            await Assert.ThrowsAsync<DicomNetworkException>(() => Client(scp.Port, "SOMEONEELSE").EchoAsync(Ct));
            var (attempt, result, source, reason) = Assert.Single(observer.Rejected);
            Assert.Equal(("AUDITOR", "SOMEONEELSE"), (attempt.CallingAeTitle, attempt.CalledAeTitle));
            Assert.Equal(((byte)1, (byte)1, (byte)7), (result, source, reason));
            Assert.NotEqual(Guid.Empty, attempt.Id);
            Assert.True(attempt.BytesReceived > 0);
            Assert.False(attempt.IsTls);
            Assert.Empty(observer.Opened);
        }

        var legacy = new LegacyObserver();
        await using (var scp = await new ScpFixture(observer: legacy).StartAsync())
        {
            await Assert.ThrowsAsync<DicomNetworkException>(() => Client(scp.Port, "SOMEONEELSE").EchoAsync(Ct));
            var rejected = await legacy.Rejected.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
            Assert.Equal(((byte)1, (byte)1, (byte)7), (rejected.Result, rejected.Source, rejected.Reason));
            Assert.Equal(IPAddress.Loopback, rejected.Remote.Address.IsIPv4MappedToIPv6 ? rejected.Remote.Address.MapToIPv4() : rejected.Remote.Address);
            Assert.Equal(0, await Client(scp.Port).EchoAsync(Ct));
            Assert.False(await legacy.Closed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        }
    }
}
