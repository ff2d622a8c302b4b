using ImagingPipeline.Worker.Index;

namespace ImagingPipeline.Worker.Audit;

/// <summary>
/// <c>association_audit</c>: one row per DICOM connection, written when it ends (same DDL for SQLite and
/// PostgreSQL; times in Unix ms, booleans as INTEGER 0/1). Established associations end <c>released</c> or
/// <c>aborted</c>; refused ones are <c>rejected</c> with the A-ASSOCIATE-RJ result, source and reason; a failed TLS
/// handshake is <c>tls-failed</c> with the reason in <c>detail</c>. Rows are only ever inserted.
/// </summary>
internal sealed class AuditSchema : IIndexTables
{
    public Task CreateAsync(IndexDatabase database, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        string[] statements =
        [
            """
            CREATE TABLE IF NOT EXISTS association_audit (
                id TEXT PRIMARY KEY,
                started_ms BIGINT NOT NULL,
                ended_ms BIGINT NOT NULL,
                calling_ae TEXT NULL,
                called_ae TEXT NULL,
                remote_address TEXT NOT NULL,
                remote_port INTEGER NOT NULL,
                tls INTEGER NOT NULL,
                user_identity TEXT NULL,
                implementation_class_uid TEXT NULL,
                implementation_version TEXT NULL,
                accepted_contexts TEXT NOT NULL,
                instances_received INTEGER NOT NULL,
                instances_stored INTEGER NOT NULL,
                instances_rejected INTEGER NOT NULL,
                bytes_received BIGINT NOT NULL,
                outcome TEXT NOT NULL,
                reject_result INTEGER NULL,
                reject_source INTEGER NULL,
                reject_reason INTEGER NULL,
                detail TEXT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS ix_association_audit_started ON association_audit (started_ms)",
            "CREATE INDEX IF NOT EXISTS ix_association_audit_calling ON association_audit (calling_ae, started_ms)",
        ];
        return IndexDdl.ApplyAsync(database, statements, ct);
    }
}
