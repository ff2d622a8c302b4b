namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// The requester's side of storage commitment: receives N-EVENT-REPORTs (PS3.4 J.3.3) that an SCP sends on a new
/// association, in which the SCP takes the SCP role by role selection (PS3.7 D.3.3.4). A server with this handler
/// accepts that role proposal for the Storage Commitment Push Model SOP class. Returning normally answers the
/// N-EVENT-REPORT with success; an exception answers 0x0110 (processing failure).
/// </summary>
public interface IStorageCommitmentReportHandler
{
    ValueTask OnReportAsync(AssociationInfo association, StorageCommitmentReport report, CancellationToken ct);
}
