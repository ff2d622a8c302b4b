using ImagingPipeline.Worker.Index;

namespace ImagingPipeline.Worker.Outbox;

/// <summary>
/// The outbox table in the index database. Times are UTC ticks (BIGINT) so comparisons are the
/// same on SQLite and PostgreSQL. A row is pending while sent_at is NULL; claimed_until is the
/// lease of the relay that is publishing it (another relay takes it over once the lease expires).
/// </summary>
internal static class OutboxSchema
{
    public static string[] Statements(IndexProvider provider) =>
    [
        (provider == IndexProvider.PostgreSql
            ? "CREATE TABLE IF NOT EXISTS outbox_messages (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
            : "CREATE TABLE IF NOT EXISTS outbox_messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, ")
        + "message_id TEXT NOT NULL UNIQUE, message_type TEXT NOT NULL, body TEXT NOT NULL, study_uid TEXT NOT NULL, "
        + "created_at BIGINT NOT NULL, sent_at BIGINT NULL, claimed_by TEXT NULL, claimed_until BIGINT NULL, "
        + "attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NULL)",
        "CREATE INDEX IF NOT EXISTS ix_outbox_pending ON outbox_messages (sent_at, seq)",
    ];

    public static async Task EnsureAsync(IndexDatabase database, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        foreach (var sql in Statements(database.Provider))
        {
            await using var command = IndexDatabase.Command(connection, null, sql);
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
