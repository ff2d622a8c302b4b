namespace ImagingPipeline.Dicom.Network;

/// <summary>A-ABORT (PS3.8 9.3.8): source 0 service user / 2 service provider, reason of Table 9-26.</summary>
internal sealed record AbortPdu(byte Source, byte Reason)
{
    /// <summary>Reason 0: not specified; 1 unrecognized PDU; 2 unexpected PDU; 4 unrecognized PDU parameter;
    /// 5 unexpected PDU parameter; 6 invalid PDU parameter value.</summary>
    public byte[] Encode() => ShortPdu.Encode(PduType.Abort, 0, Source, Reason);

    public static AbortPdu Parse(ReadOnlySpan<byte> body) =>
        body.Length == 4
            ? new AbortPdu(body[2], body[3])
            : throw DicomNetworkException.Protocol($"A-ABORT with length {body.Length}", 6);

    public override string ToString() => $"source {Source}, reason {Reason} (PS3.8 Table 9-26)";
}
