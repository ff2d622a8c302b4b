namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// What a storage commitment requester learned on its own association: the N-ACTION-RSP status, and the report
/// when the SCP sent it before the wait ended (else it arrives later on a new association, PS3.4 J.3.3).
/// </summary>
public sealed record StorageCommitmentOutcome(ushort ActionStatus, string TransactionUid, StorageCommitmentReport? Report);
