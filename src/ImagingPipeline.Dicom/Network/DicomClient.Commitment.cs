namespace ImagingPipeline.Dicom.Network;

/// <summary>Storage Commitment Push Model (PS3.4 Annex J): the requester (SCU) and the report sender on a new association (SCP role).</summary>
public sealed partial class DicomClient
{
    private static readonly string[] CommitmentSyntaxes = [Uids.ExplicitVRLittleEndian, Uids.ImplicitVRLittleEndian];

    /// <summary>
    /// Sends N-ACTION-RQ (Action Type 1, PS3.4 J.3.2) for <paramref name="references"/>, then waits up to
    /// <paramref name="waitForReport"/> for the SCP's N-EVENT-REPORT on the same association, answers it, and releases.
    /// With a zero wait it releases at once and the report comes on a new association to this AE's listener.
    /// </summary>
    public async Task<StorageCommitmentOutcome> RequestStorageCommitmentAsync(IReadOnlyList<DicomSopReference> references,
        string? transactionUid = null, TimeSpan? waitForReport = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        transactionUid ??= "2.25." + new System.Numerics.BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true);
        await using var association = await OpenAsync(
            [new PresentationContext(1, Uids.StorageCommitmentPushModel, CommitmentSyntaxes)], [], ct).ConfigureAwait(false);
        if (!association.Accepted.TryGetValue(1, out var context))
        {
            throw new DicomNetworkException("the SCP rejected the Storage Commitment Push Model presentation context");
        }

        var rq = new CommandSet()
            .Set(CommandSet.RequestedSopClassUid, Uids.StorageCommitmentPushModel)
            .Set(CommandSet.CommandField, (ushort)DimseCommand.NActionRequest)
            .Set(CommandSet.MessageId, 1)
            .Set(CommandSet.CommandDataSetType, CommandSet.DataSetPresent)
            .Set(CommandSet.RequestedSopInstanceUid, StorageCommitmentDataset.WellKnownInstance)
            .Set(CommandSet.ActionTypeId, 1);
        var dataset = StorageCommitmentDataset.EncodeRequest(transactionUid, references, context.AcceptedTransferSyntax!);
        await association.SendAsync(1, rq, dataset, ct).ConfigureAwait(false);
        var rsp = await ReadResponseAsync(association, DimseCommand.NActionResponse, 1, ct).ConfigureAwait(false);
        var status = rsp.GetUInt16(CommandSet.Status) ?? 0xFFFF;
        StorageCommitmentReport? report = null;
        if (status == 0 && waitForReport is { } wait && wait > TimeSpan.Zero)
        {
            report = await AwaitReportAsync(association, context, transactionUid, wait, ct).ConfigureAwait(false);
        }

        await association.ReleaseAsync(ct).ConfigureAwait(false);
        return new StorageCommitmentOutcome(status, transactionUid, report);
    }

    private static async Task<StorageCommitmentReport?> AwaitReportAsync(ScuAssociation association, PresentationContext context,
        string transactionUid, TimeSpan wait, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(wait);
        DimseMessage message;
        try
        {
            message = await association.ReadMessageAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null; // the report will come on a new association
        }

        var command = message.Command;
        var eventType = command.GetUInt16(CommandSet.EventTypeId) ?? 0;
        var report = command.Command == DimseCommand.NEventReportRequest && message.DataSet is { } data
            ? StorageCommitmentDataset.DecodeReport(data, context.AcceptedTransferSyntax!)
            : null;
        var status = report is null ? (ushort)0x0120 : eventType is 1 or 2 ? (ushort)0 : (ushort)0x0113;
        var answer = new CommandSet()
            .Set(CommandSet.AffectedSopClassUid, Uids.StorageCommitmentPushModel)
            .Set(CommandSet.CommandField, (ushort)DimseCommand.NEventReportResponse)
            .Set(CommandSet.MessageIdBeingRespondedTo, command.GetUInt16(CommandSet.MessageId) ?? 0)
            .Set(CommandSet.CommandDataSetType, CommandSet.NoDataSet)
            .Set(CommandSet.Status, status)
            .Set(CommandSet.AffectedSopInstanceUid, StorageCommitmentDataset.WellKnownInstance)
            .Set(CommandSet.EventTypeId, eventType);
        await association.SendAsync(message.ContextId, answer, null, ct).ConfigureAwait(false);
        if (report is not null && report.TransactionUid != transactionUid)
        {
            throw new DicomNetworkException($"the report is for transaction {report.TransactionUid}, not {transactionUid}");
        }

        return status == 0 ? report : null;
    }

    /// <summary>
    /// Sends a report as N-EVENT-REPORT-RQ on a new association where we take the SCP role of the Storage Commitment
    /// Push Model by role selection (PS3.7 D.3.3.4, PS3.4 J.3.3); returns the requester's response status.
    /// </summary>
    public async Task<ushort> SendStorageCommitmentReportAsync(StorageCommitmentReport report, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var association = await OpenAsync(
            [new PresentationContext(1, Uids.StorageCommitmentPushModel, CommitmentSyntaxes)],
            [new RoleSelection(Uids.StorageCommitmentPushModel, ScuRole: false, ScpRole: true)], ct).ConfigureAwait(false);
        var roleGranted = association.Accept?.Roles.Any(r => r.SopClassUid == Uids.StorageCommitmentPushModel && r.ScpRole) == true;
        if (!association.Accepted.TryGetValue(1, out var context) || !roleGranted)
        {
            await association.ReleaseAsync(ct).ConfigureAwait(false);
            throw new DicomNetworkException("the requester did not accept the Storage Commitment context with us as SCP");
        }

        var rq = ScpAssociation.EventReportCommand(1, report.EventTypeId);
        await association.SendAsync(1, rq, StorageCommitmentDataset.EncodeReport(report, context.AcceptedTransferSyntax!), ct)
            .ConfigureAwait(false);
        var rsp = await ReadResponseAsync(association, DimseCommand.NEventReportResponse, 1, ct).ConfigureAwait(false);
        await association.ReleaseAsync(ct).ConfigureAwait(false);
        return rsp.GetUInt16(CommandSet.Status) ?? 0xFFFF;
    }
}
