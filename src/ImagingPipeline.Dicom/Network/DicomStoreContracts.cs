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
    ushort Priority = 0)
{
    /// <summary>SHA-256 of the whole temp file (file meta + data set), lowercase hex, computed while it was received;
    /// null unless <see cref="DicomServerOptions.HashReceivedFiles"/> is on.</summary>
    public string? FileSha256 { get; init; }

    /// <summary>Whether the temp file was fsynced before it was handed over (<see cref="DicomServerOptions.SyncReceivedFiles"/>).</summary>
    public bool FileSynced { get; init; }
}

/// <summary>An established association as seen by the SCP.</summary>
public sealed record AssociationInfo(string CallingAeTitle, string CalledAeTitle, IPEndPoint RemoteEndPoint,
    string? ImplementationClassUid, string? ImplementationVersionName, uint PeerMaxPduLength)
{
    /// <summary>The user identity the requestor sent (PS3.7 D.3.3.7) when <see cref="DicomServerOptions.UserIdentityValidator"/> accepted it.</summary>
    public DicomUserIdentity? UserIdentity { get; init; }

    /// <summary>Whether the association came in on the TLS port.</summary>
    public bool IsTls { get; init; }

    /// <summary>Identifies the association (one per transport connection) in audit records; time-ordered.</summary>
    public Guid Id { get; init; }

    /// <summary>When the transport connection was accepted.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The presentation contexts accepted in the A-ASSOCIATE-AC (PS3.8 9.3.3.2), in the order proposed.</summary>
    public IReadOnlyList<AcceptedPresentationContext> AcceptedContexts { get; init; } = [];
}

/// <summary>One accepted presentation context: its id, abstract syntax (SOP class) and the transfer syntax chosen.</summary>
public sealed record AcceptedPresentationContext(byte Id, string AbstractSyntax, string TransferSyntax);

/// <summary>A connection that ended before an association was established: rejected, or its TLS handshake failed.
/// The AE titles and implementation are known only when an A-ASSOCIATE-RQ was read.</summary>
public sealed record AssociationAttempt(Guid Id, DateTimeOffset StartedAt, IPEndPoint RemoteEndPoint, bool IsTls)
{
    public string? CallingAeTitle { get; init; }
    public string? CalledAeTitle { get; init; }
    public string? ImplementationClassUid { get; init; }
    public string? ImplementationVersionName { get; init; }

    /// <summary>The user identity the requestor sent (PS3.7 D.3.3.7); the passcode is not kept by audit consumers.</summary>
    public DicomUserIdentity? UserIdentity { get; init; }

    /// <summary>DICOM bytes (PDU headers and bodies) read from the peer, after TLS decryption.</summary>
    public long BytesReceived { get; init; }
}

/// <summary>How an established association ended.</summary>
/// <param name="Aborted">False only for an orderly release (A-RELEASE-RQ answered).</param>
/// <param name="BytesReceived">DICOM bytes (PDU headers and bodies) read from the peer, after TLS decryption.</param>
/// <param name="EndedAt">When the transport was closed.</param>
public sealed record AssociationEnd(bool Aborted, long BytesReceived, DateTimeOffset EndedAt);

/// <summary>The C-STORE status the handler answers (PS3.4 B.2.3, PS3.7 C).</summary>
public readonly record struct DicomStoreResult(ushort Status, string? ErrorComment = null)
{
    public static DicomStoreResult Success => new(0x0000);
    public static DicomStoreResult OutOfResources => new(0xA700);
    public static DicomStoreResult DataSetDoesNotMatchSopClass => new(0xA900);
    public static DicomStoreResult CannotUnderstand => new(0xC000);
    public static DicomStoreResult ProcessingFailure => new(0x0110);
}

/// <summary>
/// Association-level events for metrics and audit; every method has a default. The server calls the overloads that
/// carry an <see cref="AssociationEnd"/> or an <see cref="AssociationAttempt"/>; their defaults call the older,
/// shorter overloads, so an observer written against those keeps working. Observers run on the association's own
/// task: they must return quickly and must not throw.
/// </summary>
public interface IDicomServerObserver
{
    void AssociationOpened(AssociationInfo association) { }
    void AssociationClosed(AssociationInfo association, bool aborted) { }

    /// <summary>The association ended; <paramref name="end"/> says how, with the bytes received.</summary>
    void AssociationClosed(AssociationInfo association, AssociationEnd end) => AssociationClosed(association, end.Aborted);

    void AssociationRejected(IPEndPoint remote, byte result, byte source, byte reason) { }

    /// <summary>An A-ASSOCIATE-RJ was sent (PS3.8 Table 9-21 result, source, reason).</summary>
    void AssociationRejected(AssociationAttempt attempt, byte result, byte source, byte reason) =>
        AssociationRejected(attempt.RemoteEndPoint, result, source, reason);

    /// <summary>A C-STORE was answered with <paramref name="result"/> (also when the data set could not be written to the temp folder).</summary>
    void InstanceReceived(DicomStoreRequest request, DicomStoreResult result) { }

    /// <summary>A connection to the TLS port that did not complete a TLS 1.2+ handshake (or whose client certificate was refused).</summary>
    void TlsHandshakeFailed(IPEndPoint remote, string reason) { }

    /// <summary>As <see cref="TlsHandshakeFailed(IPEndPoint, string)"/>, with the connection's id and start time.</summary>
    void TlsHandshakeFailed(AssociationAttempt attempt, string reason) => TlsHandshakeFailed(attempt.RemoteEndPoint, reason);

    /// <summary>A storage commitment report was delivered (<paramref name="error"/> null) or could not be.</summary>
    void StorageCommitmentReported(StorageCommitmentRequest request, StorageCommitmentReport report, bool sameAssociation, string? error) { }
}
