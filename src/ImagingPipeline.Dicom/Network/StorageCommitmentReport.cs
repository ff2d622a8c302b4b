namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// The outcome of a storage commitment request, sent as N-EVENT-REPORT (PS3.4 J.3.3): the instances committed
/// (Referenced SOP Sequence) and those not (Failed SOP Sequence with a Failure Reason). Event Type ID 1 when
/// every instance was committed, 2 when any failed.
/// </summary>
public sealed record StorageCommitmentReport(string TransactionUid, IReadOnlyList<DicomSopReference> Committed,
    IReadOnlyList<StorageCommitmentFailure> Failed)
{
    /// <summary>PS3.4 J.3.3.1: 1 "Storage Commitment Request Successful", 2 "... Complete - Failures Exist".</summary>
    public ushort EventTypeId => Failed.Count == 0 ? (ushort)1 : (ushort)2;

    /// <summary>
    /// Builds a report that lists every reference of <paramref name="request"/> exactly once:
    /// <paramref name="failureReason"/> returns null for a committed instance, else its Failure Reason.
    /// </summary>
    public static StorageCommitmentReport FromDecisions(StorageCommitmentRequest request, Func<DicomSopReference, ushort?> failureReason)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(failureReason);
        var committed = new List<DicomSopReference>();
        var failed = new List<StorageCommitmentFailure>();
        foreach (var reference in request.References)
        {
            if (failureReason(reference) is { } reason)
            {
                failed.Add(new StorageCommitmentFailure(reference, reason));
            }
            else
            {
                committed.Add(reference);
            }
        }

        return new StorageCommitmentReport(request.TransactionUid, committed, failed);
    }
}
