namespace ImagingPipeline.Dicom.Network;

/// <summary>A-RELEASE-RQ (PS3.8 9.3.6) and A-RELEASE-RP (9.3.7): a fixed 4-byte body of reserved zeros.</summary>
internal static class ReleasePdu
{
    public static readonly byte[] Request = ShortPdu.Encode(PduType.ReleaseRequest, 0, 0, 0);
    public static readonly byte[] Response = ShortPdu.Encode(PduType.ReleaseResponse, 0, 0, 0);

    /// <summary>The body length is fixed at 4; any other value is an invalid PDU parameter (PS3.8 9.3.6).</summary>
    public static void Validate(PduType type, int length)
    {
        if (length != 4)
        {
            throw DicomNetworkException.Protocol($"{type} with length {length}", 6);
        }
    }
}
