namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// A-ASSOCIATE-RJ (PS3.8 9.3.4): result 1 permanent / 2 transient, source 1 service user /
/// 2 service provider ACSE / 3 service provider presentation, and the reason of Table 9-21.
/// </summary>
internal sealed record AssociateRejectPdu(byte Result, byte Source, byte Reason)
{
    public byte[] Encode() => ShortPdu.Encode(PduType.AssociateReject, Result, Source, Reason);

    public static AssociateRejectPdu Parse(ReadOnlySpan<byte> body) =>
        body.Length == 4
            ? new AssociateRejectPdu(body[1], body[2], body[3])
            : throw DicomNetworkException.Protocol($"A-ASSOCIATE-RJ with length {body.Length}", 6);

    public override string ToString() => $"result {Result}, source {Source}, reason {Reason} (PS3.8 Table 9-21)";
}
