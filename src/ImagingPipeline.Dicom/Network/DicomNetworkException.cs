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

    /// <summary>The A-ABORT reason (PS3.8 Table 9-26) to send to the peer, when one applies.</summary>
    internal byte AbortReason { get; private init; }
}
