namespace ImagingPipeline.Dicom.Network;

/// <summary>Failure Reason (0008,1197) values of the Failed SOP Sequence (PS3.4 J.3.2.1.1.1, PS3.3 C.14.1.1).</summary>
public static class StorageCommitmentFailureReason
{
    /// <summary>0x0110: a general failure in processing the operation.</summary>
    public const ushort ProcessingFailure = 0x0110;

    /// <summary>0x0112: the instance is not known to the SCP (never received, or not stored).</summary>
    public const ushort NoSuchObjectInstance = 0x0112;

    /// <summary>0x0119: the SOP class given for the instance differs from the one the SCP holds.</summary>
    public const ushort ClassInstanceConflict = 0x0119;

    /// <summary>0x0122: the SCP does not support the referenced SOP class.</summary>
    public const ushort ReferencedSopClassNotSupported = 0x0122;

    /// <summary>0x0131: the Transaction UID was already used for another request.</summary>
    public const ushort DuplicateTransactionUid = 0x0131;

    /// <summary>0x0213: the SCP lacked the resources to commit the instance.</summary>
    public const ushort ResourceLimitation = 0x0213;
}
