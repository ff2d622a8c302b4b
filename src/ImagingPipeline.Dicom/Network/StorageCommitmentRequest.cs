namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// A Storage Commitment Push Model request (PS3.4 J.3.2.1, N-ACTION Action Type 1) as the SCP received it:
/// the requester's association, the Transaction UID (0008,1195) and the Referenced SOP Sequence (0008,1199).
/// </summary>
public sealed record StorageCommitmentRequest(AssociationInfo Association, string TransactionUid,
    IReadOnlyList<DicomSopReference> References);
