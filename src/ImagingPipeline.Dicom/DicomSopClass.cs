using System.Collections.Frozen;

namespace ImagingPipeline.Dicom;

/// <summary>SOP classes the pipeline names, and the set of every Storage SOP class in the registry.</summary>
public static class DicomSopClass
{
    public const string Verification = DicomUids.Verification;
    public const string StorageCommitmentPushModel = DicomUids.StorageCommitmentPushModel;
    public const string CTImageStorage = DicomUids.CTImageStorage;
    public const string EnhancedCTImageStorage = DicomUids.EnhancedCTImageStorage;
    public const string PositronEmissionTomographyImageStorage = DicomUids.PositronEmissionTomographyImageStorage;
    public const string EnhancedPETImageStorage = DicomUids.EnhancedPETImageStorage;
    public const string RTStructureSetStorage = DicomUids.RTStructureSetStorage;
    public const string SpatialRegistrationStorage = DicomUids.SpatialRegistrationStorage;
    public const string SegmentationStorage = DicomUids.SegmentationStorage;
    public const string MRImageStorage = DicomUids.MRImageStorage;

    private static readonly Lazy<FrozenSet<string>> Storage = new(() => DicomUids.Registry.Value
        .Where(u => u.Type == "SOP Class" && u.Name.Contains("Storage", StringComparison.Ordinal)
            && !u.Name.Contains("Storage Commitment", StringComparison.Ordinal)
            && !u.Name.Contains("Storage Management", StringComparison.Ordinal))
        .Select(u => u.Uid).ToFrozenSet(StringComparer.Ordinal));

    /// <summary>Every Storage SOP class UID of the PS3.6 registry (retired ones included).</summary>
    public static IReadOnlySet<string> AllStorage => Storage.Value;

    public static bool IsStorage(string uid) => Storage.Value.Contains(uid.TrimEnd('\0', ' '));
}
