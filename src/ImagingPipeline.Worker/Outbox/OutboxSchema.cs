using ImagingPipeline.Worker.Index;

namespace ImagingPipeline.Worker.Outbox;

/// <summary>
/// The outbox table in the index database. Times are UTC ticks (BIGINT) so comparisons are the
/// same on SQLite and PostgreSQL. A row is pending while sent_at is NULL; claimed_until is the
/// lease of the relay that is publishing it (another relay takes it over once the lease expires).
/// origin_study_uid/origin_version name the study version whose processing wrote the row (NULL
/// for review sign-offs): once every row of an origin is sent, that study version is Published.
/// </summary>
internal sealed class OutboxSchema : IIndexTables
{
    public static string[] Statements(IndexProvider provider) =>
    [
        $"CREATE TABLE IF NOT EXISTS outbox_messages (seq {IndexDdl.IdentityColumn(provider)}, "
        + "message_id TEXT NOT NULL UNIQUE, message_type TEXT NOT NULL, body TEXT NOT NULL, study_uid TEXT NOT NULL, "
        + "created_at BIGINT NOT NULL, sent_at BIGINT NULL, claimed_by TEXT NULL, claimed_until BIGINT NULL, "
        + "attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NULL, origin_study_uid TEXT NULL, origin_version INTEGER NULL)",
        "CREATE INDEX IF NOT EXISTS ix_outbox_pending ON outbox_messages (sent_at, seq)",
    ];

    /// <summary>Columns added after the first release, for tables created before them.</summary>
    private static readonly (string, string, string)[] AddedColumns =
    [
        ("outbox_messages", "origin_study_uid", "TEXT NULL"),
        ("outbox_messages", "origin_version", "INTEGER NULL"),
    ];

    public static async Task EnsureAsync(IndexDatabase database, CancellationToken ct)
    {
        await IndexDdl.ApplyAsync(database, Statements(database.Provider), ct, AddedColumns);
        await IndexDdl.ApplyAsync(database, ["CREATE INDEX IF NOT EXISTS ix_outbox_origin ON outbox_messages (origin_study_uid, origin_version)"], ct);
    }

    public Task CreateAsync(IndexDatabase database, CancellationToken ct) => EnsureAsync(database, ct);
}
