namespace ImagingPipeline.Dicom.Network;

/// <summary>UIDs the network layer needs (PS3.6 Annex A, PS3.7 A.2.1).</summary>
internal static class Uids
{
    public const string ApplicationContext = "1.2.840.10008.3.1.1.1";
    public const string Verification = "1.2.840.10008.1.1";
    public const string StorageCommitmentPushModel = "1.2.840.10008.1.20.1";
    public const string ImplicitVRLittleEndian = "1.2.840.10008.1.2";
    public const string ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";
    public const string DeflatedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.99";
    public const string ExplicitVRBigEndian = "1.2.840.10008.1.2.2";

    /// <summary>This implementation's class UID (a 2.25 UUID-derived root, PS3.5 B.2).</summary>
    public const string ImplementationClass = "2.25.73849504008734493115624396835701760632";
    public const string ImplementationVersion = "IMAGINGPIPE_1";

    /// <summary>Storage SOP classes are all under 1.2.840.10008.5.1.4.1.1 (PS3.4 B.5).</summary>
    public static bool IsStorage(string sopClassUid) =>
        sopClassUid.StartsWith("1.2.840.10008.5.1.4.1.1.", StringComparison.Ordinal);
}
