using System.Net;
using ImagingPipeline.Dicom.Network;
using ImagingPipeline.TestSupport.Environment;
using Xunit;

namespace ImagingPipeline.Dicom.Tests.Network;

/// <summary>Storage Commitment Push Model (PS3.4 Annex J) between our requester and our SCP, on the same and on a new association.</summary>
public sealed class StorageCommitmentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string CtImage = "1.2.840.10008.5.1.4.1.1.2";

    /// <summary>Commits what the fixture stored; everything else is "no such object instance".</summary>
    private sealed class StoredInstancesHandler(Func<ScpFixture> scp) : IStorageCommitmentHandler
    {
        public List<StorageCommitmentRequest> Requests { get; } = [];
        public Func<StorageCommitmentRequest, Task>? Before { get; set; }

        public async ValueTask<StorageCommitmentReport> CommitAsync(StorageCommitmentRequest request, CancellationToken ct)
        {
            Requests.Add(request);
            if (Before is not null)
            {
                await Before(request);
            }

            var stored = scp().Received.Select(r => new DicomSopReference(r.SopClassUid, r.SopInstanceUid)).ToHashSet();
            return StorageCommitmentReport.FromDecisions(request, r => stored.Contains(r) ? null : StorageCommitmentFailureReason.NoSuchObjectInstance);
        }
    }

    private sealed class ReportCollector : IStorageCommitmentReportHandler, IDicomServerObserver
    {
        public TaskCompletionSource<(AssociationInfo Association, StorageCommitmentReport Report)> Received { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask OnReportAsync(AssociationInfo association, StorageCommitmentReport report, CancellationToken ct)
        {
            Received.TrySetResult((association, report));
            return ValueTask.CompletedTask;
        }
    }

    private sealed class DeliveryObserver : IDicomServerObserver
    {
        public TaskCompletionSource<(bool SameAssociation, string? Error, StorageCommitmentReport Report)> Delivered { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void StorageCommitmentReported(StorageCommitmentRequest request, StorageCommitmentReport report, bool sameAssociation, string? error) =>
            Delivered.TrySetResult((sameAssociation, error, report));
    }

    private static async Task<DicomSopReference> StoreCtAsync(ScpFixture scp)
    {
        var file = Requirements.Path(Path.Combine(RepositoryPaths.PydicomTestFiles, "CT_small.dcm"), "pydicom test file");
        var result = Assert.Single(await Client(scp.Port, "REQUESTER").StoreAsync([file], Ct));
        Assert.True(result.Succeeded);
        return new DicomSopReference(CtImage, result.SopInstanceUid!);
    }

    private static DicomClient Client(int port, string callingAe) =>
        new("127.0.0.1", port) { CalledAeTitle = "IMAGINGPIPE", CallingAeTitle = callingAe };

    [Fact]
    public async Task Report_on_the_same_association_lists_committed_and_failed_instances()
    {
        ScpFixture? fixture = null;
        var handler = new StoredInstancesHandler(() => fixture!);
        var observer = new DeliveryObserver();
        // The server waits up to its idle timeout for the N-EVENT-REPORT-RSP before it tries a new association instead;
        // the fixture's 2 s can pass on a loaded machine, and this test asserts the report went on the same association.
        await using var scp = fixture = await new ScpFixture(o => o.IdleTimeout = TimeSpan.FromSeconds(30), commitment: handler,
            observer: observer).StartAsync();
        var stored = await StoreCtAsync(scp);
        var bogus = new DicomSopReference(CtImage, "1.2.3.4.5.6.7.8.9");
        var outcome = await Client(scp.Port, "REQUESTER").RequestStorageCommitmentAsync([stored, bogus], "1.2.826.0.1.3680043.2.1.77",
            TimeSpan.FromSeconds(20), Ct);
        Assert.Equal(0, outcome.ActionStatus);
        var report = Assert.IsType<StorageCommitmentReport>(outcome.Report);
        Assert.Equal("1.2.826.0.1.3680043.2.1.77", report.TransactionUid);
        Assert.Equal(2, report.EventTypeId);
        Assert.Equal([stored], report.Committed);
        Assert.Equal([new StorageCommitmentFailure(bogus, 0x0112)], report.Failed);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("REQUESTER", request.Association.CallingAeTitle);
        Assert.Equal([stored, bogus], request.References);
        var delivery = await observer.Delivered.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.True(delivery.SameAssociation);
        Assert.Null(delivery.Error);
    }

    [Fact]
    public async Task All_committed_is_event_type_1()
    {
        ScpFixture? fixture = null;
        await using var scp = fixture = await new ScpFixture(commitment: new StoredInstancesHandler(() => fixture!)).StartAsync();
        var stored = await StoreCtAsync(scp);
        var outcome = await Client(scp.Port, "REQUESTER").RequestStorageCommitmentAsync([stored], waitForReport: TimeSpan.FromSeconds(20), ct: Ct);
        Assert.Equal(1, outcome.Report!.EventTypeId);
        Assert.Empty(outcome.Report.Failed);
    }

    [Fact]
    public async Task Report_goes_to_the_requester_on_a_new_association_once_it_released()
    {
        var collector = new ReportCollector();
        await using var requester = await new ScpFixture(o => o.AeTitles.Add("REQUESTER"), reports: collector).StartAsync();
        ScpFixture? fixture = null;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new StoredInstancesHandler(() => fixture!) { Before = _ => release.Task };
        var observer = new DeliveryObserver();
        await using var scp = fixture = await new ScpFixture(o =>
        {
            o.StorageCommitmentPeers["REQUESTER"] = new DnsEndPoint("127.0.0.1", requester.Port);
        }, handler, observer: observer).StartAsync();
        var stored = await StoreCtAsync(scp);
        var bogus = new DicomSopReference(CtImage, "2.25.1");
        var outcome = await Client(scp.Port, "REQUESTER").RequestStorageCommitmentAsync([bogus, stored], ct: Ct);
        Assert.Equal(0, outcome.ActionStatus);
        Assert.Null(outcome.Report);
        release.SetResult(); // the handler decides only after the requester released its association
        var (association, report) = await collector.Received.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.Equal("IMAGINGPIPE", association.CallingAeTitle);
        Assert.Equal(outcome.TransactionUid, report.TransactionUid);
        Assert.Equal([stored], report.Committed);
        Assert.Equal([new StorageCommitmentFailure(bogus, StorageCommitmentFailureReason.NoSuchObjectInstance)], report.Failed);
        var delivery = await observer.Delivered.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.False(delivery.SameAssociation);
        Assert.Null(delivery.Error);
    }

    [Fact]
    public async Task Requester_without_a_report_handler_refuses_the_scp_role_and_delivery_fails()
    {
        await using var notListening = await new ScpFixture(o => o.AeTitles.Add("REQUESTER")).StartAsync();
        ScpFixture? fixture = null;
        var observer = new DeliveryObserver();
        await using var scp = fixture = await new ScpFixture(o =>
        {
            o.StorageCommitmentPeers["REQUESTER"] = new DnsEndPoint("127.0.0.1", notListening.Port);
            o.StorageCommitmentReportAttempts = 2;
            o.StorageCommitmentRetryDelay = TimeSpan.FromMilliseconds(100);
        }, new StoredInstancesHandler(() => fixture!), observer: observer).StartAsync();
        var outcome = await Client(scp.Port, "REQUESTER").RequestStorageCommitmentAsync([new DicomSopReference(CtImage, "2.25.7")], ct: Ct);
        Assert.Equal(0, outcome.ActionStatus);
        var delivery = await observer.Delivered.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.False(delivery.SameAssociation);
        Assert.Contains("did not accept the Storage Commitment context with us as SCP", delivery.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_requester_ae_cannot_get_a_report_on_a_new_association()
    {
        var observer = new DeliveryObserver();
        ScpFixture? fixture = null;
        await using var scp = fixture = await new ScpFixture(commitment: new StoredInstancesHandler(() => fixture!), observer: observer).StartAsync();
        await Client(scp.Port, "NOBODY").RequestStorageCommitmentAsync([new DicomSopReference(CtImage, "2.25.8")], ct: Ct);
        var delivery = await observer.Delivered.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.Contains("no address configured for AE 'NOBODY'", delivery.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handler_failure_reports_every_instance_failed_with_processing_failure()
    {
        var failing = new ThrowingHandler();
        await using var scp = await new ScpFixture(commitment: failing).StartAsync();
        var reference = new DicomSopReference(CtImage, "2.25.9");
        var outcome = await Client(scp.Port, "REQUESTER").RequestStorageCommitmentAsync([reference], waitForReport: TimeSpan.FromSeconds(20), ct: Ct);
        Assert.Equal([new StorageCommitmentFailure(reference, StorageCommitmentFailureReason.ProcessingFailure)], outcome.Report!.Failed);
    }

    private sealed class ThrowingHandler : IStorageCommitmentHandler
    {
        public ValueTask<StorageCommitmentReport> CommitAsync(StorageCommitmentRequest request, CancellationToken ct) =>
            throw new InvalidOperationException("index unavailable");
    }

    private sealed class BlockingHandler : IStorageCommitmentHandler
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<StorageCommitmentReport> CommitAsync(StorageCommitmentRequest request, CancellationToken ct)
        {
            await Release.Task.WaitAsync(ct);
            return StorageCommitmentReport.FromDecisions(request, _ => StorageCommitmentFailureReason.NoSuchObjectInstance);
        }
    }

    [Fact]
    public async Task More_than_16_pending_requests_on_one_association_get_resource_limitation()
    {
        var handler = new BlockingHandler();
        await using var scp = await new ScpFixture(commitment: handler).StartAsync();
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, scp.Port, Ct);
        var stream = client.GetStream();
        var rq = new AssociatePdu { CalledAeTitle = "IMAGINGPIPE", CallingAeTitle = "REQUESTER", MaxPduLength = 16384 };
        rq.Contexts.Add(new PresentationContext(1, "1.2.840.10008.1.20.1", ["1.2.840.10008.1.2.1"]));
        await stream.WriteAsync(AssociatePduWriter.Encode(rq), Ct);
        Assert.Equal((byte)PduType.AssociateAccept, (await RawPdus.ReadAsync(stream, Ct)).Type);
        var statuses = new List<ushort>();
        for (ushort id = 1; id <= 17; id++)
        {
            var action = new CommandSet()
                .Set(CommandSet.RequestedSopClassUid, "1.2.840.10008.1.20.1")
                .Set(CommandSet.CommandField, 0x0130)
                .Set(CommandSet.MessageId, id)
                .Set(CommandSet.CommandDataSetType, CommandSet.DataSetPresent)
                .Set(CommandSet.RequestedSopInstanceUid, "1.2.840.10008.1.20.1.1")
                .Set(CommandSet.ActionTypeId, 1);
            var dataset = StorageCommitmentDataset.EncodeRequest($"2.25.{id}", [new DicomSopReference(CtImage, "2.25.99")], "1.2.840.10008.1.2.1");
            await stream.WriteAsync(RawPdus.Command(action.Encode()), Ct);
            await stream.WriteAsync(RawPdus.DataSet(dataset), Ct);
            var (_, body) = await RawPdus.ReadAsync(stream, Ct);
            var rsp = CommandSet.Parse(body.AsSpan(6));
            Assert.Equal((ushort)0x8130, rsp.GetUInt16(CommandSet.CommandField));
            Assert.Equal(id, rsp.GetUInt16(CommandSet.MessageIdBeingRespondedTo));
            statuses.Add(rsp.GetUInt16(CommandSet.Status) ?? 0xFFFF);
        }

        Assert.Equal([.. Enumerable.Repeat((ushort)0, 16), (ushort)0x0213], statuses);
        handler.Release.SetResult();
    }

    [Fact]
    public async Task Without_a_handler_the_commitment_context_is_refused()
    {
        await using var scp = await new ScpFixture().StartAsync();
        var ex = await Assert.ThrowsAsync<DicomNetworkException>(() =>
            Client(scp.Port, "REQUESTER").RequestStorageCommitmentAsync([new DicomSopReference(CtImage, "2.25.10")], ct: Ct));
        Assert.Contains("rejected the Storage Commitment", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_sender_gets_the_requesters_status_through_role_selection()
    {
        var collector = new ReportCollector();
        await using var requester = await new ScpFixture(reports: collector).StartAsync();
        var report = new StorageCommitmentReport("2.25.11", [new DicomSopReference(CtImage, "2.25.12")], []);
        var status = await new DicomClient("127.0.0.1", requester.Port) { CalledAeTitle = "IMAGINGPIPE" }.SendStorageCommitmentReportAsync(report, Ct);
        Assert.Equal(0, status);
        Assert.Equal(report.Committed, (await collector.Received.Task).Report.Committed);
    }
}
