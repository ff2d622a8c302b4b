using System.Net;

namespace ImagingPipeline.Dicom.Network;

/// <summary>Receives each data set the SCP has streamed completely to a temp file.</summary>
public interface IDicomStoreHandler
{
    /// <summary>
    /// Called once the data set is at <see cref="DicomStoreRequest.TempFilePath"/> (a Part 10 file: file meta of the
    /// negotiated syntax + data set). The handler may move the file away; whatever stays there is deleted afterwards.
    /// </summary>
    ValueTask<DicomStoreResult> StoreAsync(DicomStoreRequest request, CancellationToken ct);
}

/// <summary>One received C-STORE (PS3.7 9.3.1). The transfer syntax is the negotiated one, by UID.
/// Priority (0000,0700): 0 medium, 1 high, 2 low.</summary>
public sealed record DicomStoreRequest(AssociationInfo Association, ushort MessageId,
    string SopClassUid, string SopInstanceUid, string TransferSyntaxUid,
    string TempFilePath, long DatasetLength, string? MoveOriginatorAeTitle, ushort? MoveOriginatorMessageId,
    ushort Priority = 0);

/// <summary>An established association as seen by the SCP.</summary>
public sealed record AssociationInfo(string CallingAeTitle, string CalledAeTitle, IPEndPoint RemoteEndPoint,
    string? ImplementationClassUid, string? ImplementationVersionName, uint PeerMaxPduLength)
{
    /// <summary>The user identity the requestor sent (PS3.7 D.3.3.7) when <see cref="DicomServerOptions.UserIdentityValidator"/> accepted it.</summary>
    public DicomUserIdentity? UserIdentity { get; init; }

    /// <summary>Whether the association came in on the TLS port.</summary>
    public bool IsTls { get; init; }
}

/// <summary>The C-STORE status the handler answers (PS3.4 B.2.3, PS3.7 C).</summary>
public readonly record struct DicomStoreResult(ushort Status, string? ErrorComment = null)
{
    public static DicomStoreResult Success => new(0x0000);
    public static DicomStoreResult OutOfResources => new(0xA700);
    public static DicomStoreResult DataSetDoesNotMatchSopClass => new(0xA900);
    public static DicomStoreResult CannotUnderstand => new(0xC000);
    public static DicomStoreResult ProcessingFailure => new(0x0110);
}

/// <summary>Association-level events for metrics and audit; every method has an empty default.</summary>
public interface IDicomServerObserver
{
    void AssociationOpened(AssociationInfo association) { }
    void AssociationClosed(AssociationInfo association, bool aborted) { }
    void AssociationRejected(IPEndPoint remote, byte result, byte source, byte reason) { }
    void InstanceReceived(DicomStoreRequest request, DicomStoreResult result) { }

    /// <summary>A connection to the TLS port that did not complete a TLS 1.2+ handshake (or whose client certificate was refused).</summary>
    void TlsHandshakeFailed(IPEndPoint remote, string reason) { }

    /// <summary>A storage commitment report was delivered (<paramref name="error"/> null) or could not be.</summary>
    void StorageCommitmentReported(StorageCommitmentRequest request, StorageCommitmentReport report, bool sameAssociation, string? error) { }
}
