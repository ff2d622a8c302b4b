using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Outbox;
using ImagingPipeline.Worker.Tests.Support;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Outbox;

/// <summary>An outbox table created before the origin columns existed gets them on start, on SQLite and on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OutboxSchemaTests(PostgresFixture postgres) : IDisposable
{
    private const string FirstReleaseTable =
        "CREATE TABLE outbox_messages (seq BIGINT PRIMARY KEY, message_id TEXT NOT NULL UNIQUE, message_type TEXT NOT NULL, body TEXT NOT NULL, " +
        "study_uid TEXT NOT NULL, created_at BIGINT NOT NULL, sent_at BIGINT NULL, claimed_by TEXT NULL, claimed_until BIGINT NULL, " +
        "attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NULL)";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Sqlite_table_of_the_first_release_gains_the_origin_columns()
    {
        await using var db = IndexDatabase.ForSqlite(Path.Combine(_dir.Path, "index.db"));
        await AssertUpgradedAsync(db);
    }

    [Fact]
    public async Task Postgres_table_of_the_first_release_gains_the_origin_columns()
    {
        await using var db = IndexDatabase.ForPostgres(await postgres.DatabaseAsync());
        await AssertUpgradedAsync(db);
    }

    private static async Task AssertUpgradedAsync(IndexDatabase db)
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var connection = await db.OpenAsync(ct))
        {
            await using var create = IndexDatabase.Command(connection, null, FirstReleaseTable);
            await create.ExecuteNonQueryAsync(ct);
        }

        await OutboxSchema.EnsureAsync(db, ct);
        await OutboxSchema.EnsureAsync(db, ct); // and again: nothing to add the second time
        await using var check = await db.OpenAsync(ct);
        await using var select = IndexDatabase.Command(check, null, "SELECT origin_study_uid, origin_version FROM outbox_messages");
        await using var reader = await select.ExecuteReaderAsync(ct);
        Assert.Equal(2, reader.FieldCount);
    }
}
