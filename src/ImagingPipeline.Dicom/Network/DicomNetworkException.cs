namespace ImagingPipeline.Dicom.Network;

/// <summary>A protocol violation or a failure of the peer (association rejected or aborted).</summary>
public sealed class DicomNetworkException : Exception
{
    public DicomNetworkException()
    {
    }

    public DicomNetworkException(string message)
        : base(message)
    {
    }

    public DicomNetworkException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception for an A-ABORT to send: source 2 (provider) and the PS3.8 9.3.8 reason.</summary>
    internal static DicomNetworkException Protocol(string message, byte abortReason) =>
        new(message) { AbortReason = abortReason };

    /// <summary>The A-ASSOCIATE-RJ the SCP answered, when the association was rejected.</summary>
    internal AssociateRejectPdu? Reject { get; init; }

    /// <summary>The rejection's result, source and reason (PS3.8 Table 9-21), when the association was rejected.</summary>
    public (byte Result, byte Source, byte Reason)? Rejection => Reject is { } r ? (r.Result, r.Source, r.Reason) : null;

    /// <summary>The A-ABORT reason (PS3.8 Table 9-26) to send to the peer, when one applies.</summary>
    internal byte AbortReason { get; private init; }
}
