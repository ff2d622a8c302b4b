namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// Decides which instances of a Storage Commitment Push Model request (PS3.4 Annex J) the SCP commits to keep.
/// <para>
/// The server has already answered the N-ACTION with success when this is called; the report this returns is
/// sent as N-EVENT-REPORT on the requester's association if it is still open, else on a new association to
/// the address configured for the requester's AE title (<see cref="DicomServerOptions.StorageCommitmentPeers"/>).
/// </para>
/// <para>
/// Commit an instance only when it is durably stored (for the worker: written, fsynced and indexed); answer
/// <see cref="StorageCommitmentFailureReason.NoSuchObjectInstance"/> for one never received. Use
/// <see cref="StorageCommitmentReport.FromDecisions"/> to list every reference once. References missing from
/// the returned report are reported failed (0x0110); an exception fails them all (0x0110).
/// </para>
/// </summary>
public interface IStorageCommitmentHandler
{
    ValueTask<StorageCommitmentReport> CommitAsync(StorageCommitmentRequest request, CancellationToken ct);
}
