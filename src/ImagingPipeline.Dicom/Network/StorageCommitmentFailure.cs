namespace ImagingPipeline.Dicom.Network;

/// <summary>An instance that was not committed, with its Failure Reason (0008,1197); see <see cref="StorageCommitmentFailureReason"/>.</summary>
public readonly record struct StorageCommitmentFailure(DicomSopReference Reference, ushort FailureReason);
