using System.Collections.Concurrent;
using System.Net.Sockets;

namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// Storage Commitment Push Model (PS3.4 Annex J) on the SCP: N-ACTION-RQ (J.3.2) is answered at once, the
/// handler decides in the background, and its N-EVENT-REPORT-RQ (J.3.3) goes out on this association while it
/// is open, else on a new association to the requester. Also the requester's side: an N-EVENT-REPORT-RQ from a
/// peer that took the SCP role by role selection is handed to the report handler.
/// </summary>
internal sealed partial class ScpAssociation
{
    private readonly ConcurrentDictionary<ushort, TaskCompletionSource<ushort>> _awaitingReports = new();
    private int _commitmentsPending;
    private bool _closedForReports;
    private bool _peerIsCommitmentScp;
    private int _nextMessageId;

    /// <summary>Requests decided at once per association; beyond it N-ACTION is answered 0x0213 (resource limitation).</summary>
    private const int MaxPendingCommitments = 16;

    private async ValueTask OnActionAsync(byte contextId, CommandSet command, MemoryStream dataset, CancellationToken ct)
    {
        var messageId = command.GetUInt16(CommandSet.MessageId) ?? 0;
        var requestedInstance = command.GetString(CommandSet.RequestedSopInstanceUid) ?? "";
        var ts = _accepted[contextId].AcceptedTransferSyntax!;
        (string TransactionUid, List<DicomSopReference> References)? parsed = null;
        ushort status;
        string? comment = null;
        // PS3.7 10.1.4.1.10 / C.4: 0x0118 no such SOP class, 0x0112 no such object instance, 0x0123 no such action.
        if (_accepted[contextId].AbstractSyntax != Uids.StorageCommitmentPushModel || _services.CommitmentHandler is null
            || command.GetString(CommandSet.RequestedSopClassUid) != Uids.StorageCommitmentPushModel)
        {
            status = 0x0118;
        }
        else if (requestedInstance != StorageCommitmentDataset.WellKnownInstance)
        {
            status = 0x0112;
        }
        else if (command.GetUInt16(CommandSet.ActionTypeId) != 1)
        {
            status = 0x0123;
        }
        else if (Volatile.Read(ref _commitmentsPending) >= MaxPendingCommitments)
        {
            (status, comment) = ((ushort)0x0213, "too many storage commitment requests pending on this association");
        }
        else
        {
            parsed = StorageCommitmentDataset.DecodeRequest(dataset.GetBuffer().AsMemory(0, (int)dataset.Length), ts, out status, out comment);
        }

        if (parsed is { } request)
        {
            // Counted before the response goes out, so the idle timer never cuts a requester waiting for the report.
            Interlocked.Increment(ref _commitmentsPending);
        }

        await RespondAsync(contextId, DimseCommand.NActionResponse, messageId, Uids.StorageCommitmentPushModel,
            requestedInstance, new DicomStoreResult(status, comment), ct, rsp => rsp.Set(CommandSet.ActionTypeId, 1)).ConfigureAwait(false);
        if (parsed is { } accepted)
        {
            var commitment = new StorageCommitmentRequest(_info!, accepted.TransactionUid, accepted.References);
            _services.RunInBackground(() => CommitAsync(commitment, contextId, ts));
        }
    }

    private async Task CommitAsync(StorageCommitmentRequest request, byte contextId, string ts)
    {
        StorageCommitmentReport report;
        bool sameAssociation;
        try
        {
            report = await DecideAsync(request).ConfigureAwait(false);
            sameAssociation = await ReportOnThisAssociationAsync(contextId, ts, report).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _commitmentsPending);
        }

        var error = sameAssociation ? null : await ReportOnNewAssociationAsync(request, report).ConfigureAwait(false);
        _services.Observer?.StorageCommitmentReported(request, report, sameAssociation, error);
    }

    /// <summary>Asks the handler; lists every requested reference exactly once whatever it answered.</summary>
    private async Task<StorageCommitmentReport> DecideAsync(StorageCommitmentRequest request)
    {
        StorageCommitmentReport? answer = null;
        try
        {
            answer = await _services.CommitmentHandler!.CommitAsync(request, _services.Stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_services.Stopping.IsCancellationRequested)
        {
            // Every instance fails with "processing failure" below.
        }

        var committed = answer?.Committed.ToHashSet() ?? [];
        var failed = answer?.Failed.GroupBy(f => f.Reference).ToDictionary(g => g.Key, g => g.First().FailureReason) ?? [];
        return StorageCommitmentReport.FromDecisions(request, r =>
            failed.TryGetValue(r, out var reason) ? reason
            : committed.Contains(r) ? null
            : StorageCommitmentFailureReason.ProcessingFailure);
    }

    /// <summary>Sends the report as N-EVENT-REPORT-RQ here and waits for its response; false when the association is gone.</summary>
    private async Task<bool> ReportOnThisAssociationAsync(byte contextId, string ts, StorageCommitmentReport report)
    {
        if (Volatile.Read(ref _closedForReports))
        {
            return false;
        }

        var messageId = (ushort)(Interlocked.Increment(ref _nextMessageId) & 0xFFFF);
        var response = new TaskCompletionSource<ushort>(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaitingReports[messageId] = response;
        try
        {
            var command = EventReportCommand(messageId, report.EventTypeId);
            var dataset = StorageCommitmentDataset.EncodeReport(report, ts);
            using (await _connection.LockWritesAsync(_cts.Token).ConfigureAwait(false))
            {
                if (_closedForReports)
                {
                    return false;
                }

                Volatile.Write(ref _writeSince, Environment.TickCount64);
                try
                {
                    await _connection.WritePDataAsync(contextId, true, true, command.Encode(), _peerMaxPdv, _cts.Token).ConfigureAwait(false);
                    await _connection.WritePDataAsync(contextId, false, true, dataset, _peerMaxPdv, _cts.Token).ConfigureAwait(false);
                }
                finally
                {
                    Volatile.Write(ref _writeSince, 0);
                }
            }

            await response.Task.WaitAsync(Options.IdleTimeout, _cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or ObjectDisposedException
            or IOException or SocketException)
        {
            // Answered just before the association closed (the close cancels the wait), or else closed, aborted or
            // unanswered: then the report goes out on a new association instead (PS3.4 J.3.3).
            return response.Task.IsCompletedSuccessfully;
        }
        finally
        {
            _awaitingReports.TryRemove(messageId, out _);
        }
    }

    internal static CommandSet EventReportCommand(ushort messageId, ushort eventTypeId) => new CommandSet()
        .Set(CommandSet.AffectedSopClassUid, Uids.StorageCommitmentPushModel)
        .Set(CommandSet.CommandField, (ushort)DimseCommand.NEventReportRequest)
        .Set(CommandSet.MessageId, messageId)
        .Set(CommandSet.CommandDataSetType, CommandSet.DataSetPresent)
        .Set(CommandSet.AffectedSopInstanceUid, StorageCommitmentDataset.WellKnownInstance)
        .Set(CommandSet.EventTypeId, eventTypeId);

    private async Task<string?> ReportOnNewAssociationAsync(StorageCommitmentRequest request, StorageCommitmentReport report)
    {
        var requester = request.Association.CallingAeTitle;
        if (!Options.StorageCommitmentPeers.TryGetValue(requester, out var peer))
        {
            return $"no address configured for AE '{requester}' (StorageCommitmentPeers)";
        }

        string? error = null;
        for (var attempt = 1; attempt <= Math.Max(1, Options.StorageCommitmentReportAttempts); attempt++)
        {
            try
            {
                var client = new DicomClient(peer.Host, peer.Port)
                {
                    CalledAeTitle = requester,
                    CallingAeTitle = request.Association.CalledAeTitle,
                    Tls = Options.StorageCommitmentReportTls,
                };
                var status = await client.SendStorageCommitmentReportAsync(report, _services.Stopping).ConfigureAwait(false);
                if (status == 0)
                {
                    return null;
                }

                error = $"N-EVENT-REPORT-RSP status 0x{status:X4}";
            }
            catch (Exception ex) when (ex is DicomNetworkException or SocketException or IOException
                or System.Security.Authentication.AuthenticationException
                || (ex is OperationCanceledException && !_services.Stopping.IsCancellationRequested))
            {
                error = ex.Message;
            }

            if (attempt < Options.StorageCommitmentReportAttempts)
            {
                await Task.Delay(Options.StorageCommitmentRetryDelay, _services.Stopping).ConfigureAwait(false);
            }
        }

        return error;
    }

    private void OnEventReportResponse(CommandSet command)
    {
        var id = command.GetUInt16(CommandSet.MessageIdBeingRespondedTo) ?? 0;
        if (_awaitingReports.TryRemove(id, out var response))
        {
            response.TrySetResult(command.GetUInt16(CommandSet.Status) ?? 0xFFFF);
        }
    }

    /// <summary>The requester's side: a report from a peer acting as storage commitment SCP.</summary>
    private async ValueTask OnEventReportAsync(byte contextId, CommandSet command, MemoryStream dataset, CancellationToken ct)
    {
        var messageId = command.GetUInt16(CommandSet.MessageId) ?? 0;
        var eventType = command.GetUInt16(CommandSet.EventTypeId) ?? 0;
        var context = _accepted[contextId];
        ushort status;
        if (context.AbstractSyntax != Uids.StorageCommitmentPushModel || _services.ReportHandler is not { } handler || !_peerIsCommitmentScp)
        {
            status = 0x0211; // we never agreed that the peer performs this SOP class as SCP here
        }
        else if (eventType is not (1 or 2))
        {
            status = 0x0113; // no such event type
        }
        else if (StorageCommitmentDataset.DecodeReport(dataset.GetBuffer().AsMemory(0, (int)dataset.Length), context.AcceptedTransferSyntax!)
                 is not { } report)
        {
            status = 0x0120; // missing attribute
        }
        else
        {
            try
            {
                await handler.OnReportAsync(_info!, report, ct).ConfigureAwait(false);
                status = 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                status = 0x0110;
            }
        }

        await RespondAsync(contextId, DimseCommand.NEventReportResponse, messageId, Uids.StorageCommitmentPushModel,
            StorageCommitmentDataset.WellKnownInstance, new DicomStoreResult(status), ct,
            rsp => rsp.Set(CommandSet.EventTypeId, eventType)).ConfigureAwait(false);
    }

    /// <summary>Marks the association closed for reports under the write lock, running <paramref name="last"/> as the
    /// last write; reports waiting for a response move to a new association.</summary>
    private async Task CloseForReportsAsync(Func<ValueTask> last)
    {
        try
        {
            using (await _connection.LockWritesAsync(CancellationToken.None).ConfigureAwait(false))
            {
                _closedForReports = true;
                await last().ConfigureAwait(false);
            }
        }
        catch (ObjectDisposedException)
        {
            _closedForReports = true;
        }
        finally
        {
            foreach (var waiting in _awaitingReports.Values)
            {
                waiting.TrySetCanceled();
            }
        }
    }
}
