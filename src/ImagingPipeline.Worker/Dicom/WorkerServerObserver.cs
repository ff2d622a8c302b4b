using System.Net;
using ImagingPipeline.Dicom.Network;
using ImagingPipeline.Worker.Audit;
using ImagingPipeline.Worker.Metrics;

namespace ImagingPipeline.Worker.Dicom;

/// <summary>
/// Association counts for /metrics, and the association audit trail: counts per association in the
/// <see cref="AssociationTracker"/>, one record per connection queued to the <see cref="AssociationAuditWriter"/> when it
/// ends (released, aborted, rejected or a failed TLS handshake). Never throws into the DICOM path.
/// </summary>
internal sealed class WorkerServerObserver(WorkerMetrics metrics, AssociationTracker tracker, AssociationAuditWriter writer,
    ILogger<WorkerServerObserver> logger) : IDicomServerObserver
{
    public void AssociationOpened(AssociationInfo association)
    {
        metrics.AssociationOpened();
        Guard(() => tracker.Opened(association.Id));
    }

    public void AssociationClosed(AssociationInfo association, AssociationEnd end)
    {
        metrics.AssociationClosed();
        Guard(() =>
        {
            var tally = tracker.Closed(association.Id);
            var record = Record(new AssociationAttempt(association.Id, association.StartedAt, association.RemoteEndPoint, association.IsTls)
            {
                CallingAeTitle = association.CallingAeTitle,
                CalledAeTitle = association.CalledAeTitle,
                ImplementationClassUid = association.ImplementationClassUid,
                ImplementationVersionName = association.ImplementationVersionName,
                UserIdentity = association.UserIdentity,
                BytesReceived = end.BytesReceived,
            }, end.Aborted ? AssociationOutcome.Aborted : AssociationOutcome.Released, end.EndedAt) with
            {
                AcceptedContexts = [.. association.AcceptedContexts.Select(c => new AuditedContext(c.Id, c.AbstractSyntax, c.TransferSyntax))],
                InstancesReceived = tally.Received,
                InstancesStored = tally.Stored,
                InstancesRejected = tally.Rejected,
            };
            writer.Enqueue(record, tally.Studies);
        });
    }

    public void AssociationRejected(AssociationAttempt attempt, byte result, byte source, byte reason) =>
        Guard(() => writer.Enqueue(Record(attempt, AssociationOutcome.Rejected, TimeProvider.System.GetUtcNow()) with
        {
            RejectResult = result,
            RejectSource = source,
            RejectReason = reason,
        }, []));

    public void TlsHandshakeFailed(AssociationAttempt attempt, string reason) =>
        Guard(() => writer.Enqueue(Record(attempt, AssociationOutcome.TlsFailed, TimeProvider.System.GetUtcNow()) with { Detail = reason }, []));

    public void InstanceReceived(DicomStoreRequest request, DicomStoreResult result) =>
        Guard(() => tracker.InstanceAnswered(request.Association.Id, result.Status));

    /// <summary>The audit row of a connection: an association that ended, or an attempt refused before one began.</summary>
    private static AssociationAuditRecord Record(AssociationAttempt attempt, string outcome, DateTimeOffset endedAt) => new()
    {
        Id = attempt.Id,
        StartedAt = attempt.StartedAt,
        EndedAt = endedAt,
        CallingAe = attempt.CallingAeTitle,
        CalledAe = attempt.CalledAeTitle,
        RemoteAddress = Address(attempt.RemoteEndPoint),
        RemotePort = attempt.RemoteEndPoint.Port,
        Tls = attempt.IsTls,
        UserIdentity = UserName(attempt.UserIdentity),
        ImplementationClassUid = attempt.ImplementationClassUid,
        ImplementationVersion = attempt.ImplementationVersionName,
        BytesReceived = attempt.BytesReceived,
        Outcome = outcome,
    };

    private static string Address(IPEndPoint remote) =>
        (remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address).ToString();

    /// <summary>The user name of a username (and passcode) identity, never the passcode; only the type of a token identity.</summary>
    private static string? UserName(DicomUserIdentity? identity) => identity switch
    {
        null => null,
        { Type: DicomUserIdentity.Username or DicomUserIdentity.UsernameAndPasscode } => identity.PrimaryText,
        _ => $"(identity type {identity.Type})",
    };

    private void Guard(Action action)
    {
        try
        {
            action();
        }
#pragma warning disable CA1031 // The audit must never break an association.
        catch (Exception e)
#pragma warning restore CA1031
        {
            AuditLog.ObserverFailed(logger, e.Message);
        }
    }
}
