using System.Threading.Channels;

namespace ImagingPipeline.Worker.Audit;

/// <summary>
/// Writes association audit records off the DICOM path: the observer queues a record when a connection ends
/// (<see cref="Enqueue"/> never blocks or throws), and this service inserts it into <c>association_audit</c> and,
/// when syslog is on, queues one 110104 message per study the association stored. A failed insert is logged at
/// Warning and the record is dropped; the DICOM exchange has long been answered by then. Registered before the
/// DICOM listener, so at shutdown it stops after it and writes what the last associations left.
/// </summary>
internal sealed class AssociationAuditWriter(AssociationAuditRepository repository, SyslogAuditSender syslog, ILogger<AssociationAuditWriter> logger)
    : IHostedService, IAsyncDisposable
{
    /// <summary>Records waiting to be written; beyond this, new ones are dropped (and counted).</summary>
    public const int QueueCapacity = 4096;

    private readonly Channel<(AssociationAuditRecord Record, IReadOnlyList<StudyTransfer> Studies)> _queue =
        Channel.CreateBounded<(AssociationAuditRecord, IReadOnlyList<StudyTransfer>)>(
            new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private Task? _loop;
    private long _dropped;
    private long _written;

    /// <summary>Records inserted so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    public void Enqueue(AssociationAuditRecord record, IReadOnlyList<StudyTransfer> studies)
    {
        if (_queue.Writer.TryWrite((record, studies)))
        {
            return;
        }

        if (Interlocked.Increment(ref _dropped) is var dropped && (dropped == 1 || dropped % 100 == 0))
        {
            AuditLog.RecordQueueFull(logger, QueueCapacity, dropped);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(WriteLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            try
            {
                await _loop.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Shutdown timeout: records still queued are lost with the process.
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        await foreach (var (record, studies) in _queue.Reader.ReadAllAsync())
        {
            try
            {
                await repository.InsertAsync(record, CancellationToken.None);
                Interlocked.Increment(ref _written);
            }
#pragma warning disable CA1031 // Any database failure: the audit must never take the worker down.
            catch (Exception e)
#pragma warning restore CA1031
            {
                AuditLog.RecordFailed(logger, record.Id, e.Message);
            }

            if (syslog.Enabled)
            {
                QueueMessages(record, studies);
            }
        }
    }

    private void QueueMessages(AssociationAuditRecord record, IReadOnlyList<StudyTransfer> studies)
    {
        // Minor failure when some instance of the association was refused or it did not end in a release.
        var outcome = record.InstancesRejected > 0 || record.Outcome != AssociationOutcome.Released
            ? DicomAuditMessages.MinorFailure
            : DicomAuditMessages.Success;
        foreach (var study in studies)
        {
            syslog.Enqueue(DicomAuditMessages.InstancesTransferred(syslog.Source, record, study, outcome, record.EndedAt), outcome);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            try
            {
                await _loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The database is not answering; the warning for each failed record is logged as it fails.
            }
        }
    }
}
