namespace ImagingPipeline.Worker.Audit;

/// <summary>One row of <c>association_audit</c>: a DICOM connection from its accept to its close.</summary>
internal sealed record AssociationAuditRecord
{
    /// <summary>The toolkit's association id (time-ordered).</summary>
    public required Guid Id { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset EndedAt { get; init; }

    public string? CallingAe { get; init; }

    public string? CalledAe { get; init; }

    public required string RemoteAddress { get; init; }

    public required int RemotePort { get; init; }

    public bool Tls { get; init; }

    /// <summary>The user name of a PS3.7 D.3.3.7 user identity (never its passcode); null when none was sent.</summary>
    public string? UserIdentity { get; init; }

    public string? ImplementationClassUid { get; init; }

    public string? ImplementationVersion { get; init; }

    public IReadOnlyList<AuditedContext> AcceptedContexts { get; init; } = [];

    /// <summary>C-STORE requests whose data set arrived completely.</summary>
    public int InstancesReceived { get; init; }

    /// <summary>Of those, answered with success or a warning.</summary>
    public int InstancesStored { get; init; }

    /// <summary>Of those, answered with a failure status.</summary>
    public int InstancesRejected { get; init; }

    /// <summary>DICOM bytes read from the peer (PDU headers and bodies, after TLS decryption).</summary>
    public long BytesReceived { get; init; }

    /// <summary>One of <see cref="AssociationOutcome"/>.</summary>
    public required string Outcome { get; init; }

    /// <summary>A-ASSOCIATE-RJ result, source and reason (PS3.8 Table 9-21) when <see cref="Outcome"/> is rejected.</summary>
    public int? RejectResult { get; init; }

    public int? RejectSource { get; init; }

    public int? RejectReason { get; init; }

    /// <summary>Why a TLS handshake failed.</summary>
    public string? Detail { get; init; }
}

/// <summary>An accepted presentation context as audited: id, abstract syntax and the transfer syntax chosen.</summary>
internal sealed record AuditedContext(int Id, string AbstractSyntax, string TransferSyntax);

/// <summary>How a DICOM connection ended.</summary>
internal static class AssociationOutcome
{
    /// <summary>Orderly A-RELEASE.</summary>
    public const string Released = "released";

    /// <summary>A-ABORT by either side, a protocol error, a timeout or the transport closing without release.</summary>
    public const string Aborted = "aborted";

    /// <summary>A-ASSOCIATE-RJ sent.</summary>
    public const string Rejected = "rejected";

    /// <summary>The TLS handshake on the TLS port did not complete.</summary>
    public const string TlsFailed = "tls-failed";
}

/// <summary>Filter of <c>GET /api/audit/associations</c>: start time range (inclusive), calling AE title, at most <see cref="Limit"/> rows.</summary>
internal sealed record AssociationAuditQuery(DateTimeOffset? From, DateTimeOffset? To, string? CallingAe, int Limit);
