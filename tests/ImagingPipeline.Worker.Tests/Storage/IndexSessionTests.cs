using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Storage;

/// <summary>SQLite sessions: statements stay prepared from one session to the next, a failed transaction is rolled back
/// and its connection not kept, and what one session commits the next reads.</summary>
public sealed class IndexSessionTests : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly IndexDatabase _db;

    public IndexSessionTests() => _db = IndexDatabase.ForSqlite(Path.Combine(_dir.Path, "index.db"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private async Task CreateTableAsync()
    {
        await using var connection = await _db.OpenAsync(Ct);
        await using var command = IndexDatabase.Command(connection, null, "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)");
        await command.ExecuteNonQueryAsync(Ct);
    }

    private async Task<long?> ReadAsync(string key)
    {
        await using var session = await _db.OpenSessionAsync(Ct);
        var value = await session.Command("SELECT v FROM t WHERE k = @k", ("k", key)).ExecuteScalarAsync(Ct);
        return value is null ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_statement_is_prepared_once_and_bound_anew_in_later_sessions()
    {
        await CreateTableAsync();
        System.Data.Common.DbCommand first;
        await using (var session = await _db.OpenSessionAsync(Ct))
        {
            await session.BeginAsync(Ct);
            first = session.Command("INSERT INTO t (k, v) VALUES (@k, @v)", ("k", "a"), ("v", 1));
            await first.ExecuteNonQueryAsync(Ct);
            await session.CommitAsync(Ct);
        }

        await using (var session = await _db.OpenSessionAsync(Ct))
        {
            await session.BeginAsync(Ct);
            var again = session.Command("INSERT INTO t (k, v) VALUES (@k, @v)", ("k", "b"), ("v", 2));
            Assert.Same(first, again);
            Assert.Same(session.Transaction, again.Transaction);
            await again.ExecuteNonQueryAsync(Ct);

            // The same text with other parameters is a command of its own, used once.
            var other = session.Command("INSERT INTO t (k, v) VALUES (@k, @v)", ("k", "c"), ("w", 3));
            Assert.NotSame(first, other);
            await Assert.ThrowsAsync<InvalidOperationException>(() => other.ExecuteNonQueryAsync(Ct)); // @v unbound
            await session.CommitAsync(Ct);
        }

        Assert.Equal(1, await ReadAsync("a"));
        Assert.Equal(2, await ReadAsync("b"));
        Assert.Null(await ReadAsync("c"));
    }

    [Fact]
    public async Task A_failed_transaction_is_rolled_back_and_its_connection_is_not_kept()
    {
        await CreateTableAsync();
        System.Data.Common.DbConnection? failedConnection = null;
        await Assert.ThrowsAsync<SqliteException>(() => _db.InSessionTransactionAsync<bool>(async session =>
        {
            failedConnection = session.Connection;
            await session.Command("INSERT INTO t (k, v) VALUES (@k, @v)", ("k", "x"), ("v", 1)).ExecuteNonQueryAsync(Ct);
            await session.Command("INSERT INTO t (k, v) VALUES (@k, @v)", ("k", "x"), ("v", 2)).ExecuteNonQueryAsync(Ct); // duplicate key
            return true;
        }, Ct));

        Assert.Null(await ReadAsync("x"));
        await using var next = await _db.OpenSessionAsync(Ct);
        Assert.NotSame(failedConnection, next.Connection);
        Assert.Null(next.Transaction);
    }

    [Fact]
    public async Task A_session_left_without_commit_rolls_back_and_the_kept_connection_works()
    {
        await CreateTableAsync();
        System.Data.Common.DbConnection kept;
        await using (var session = await _db.OpenSessionAsync(Ct))
        {
            kept = session.Connection;
            await session.BeginAsync(Ct);
            await session.Command("INSERT INTO t (k, v) VALUES (@k, @v)", ("k", "y"), ("v", 1)).ExecuteNonQueryAsync(Ct);
        }

        await using (var session = await _db.OpenSessionAsync(Ct))
        {
            Assert.Same(kept, session.Connection);
            await session.BeginAsync(Ct);
            await session.Command("INSERT INTO t (k, v) VALUES (@k, @v)", ("k", "z"), ("v", 5)).ExecuteNonQueryAsync(Ct);
            await session.CommitAsync(Ct);
        }

        Assert.Null(await ReadAsync("y"));
        Assert.Equal(5, await ReadAsync("z"));
    }
}

/// <summary>WAL checkpoints: sessions' commits leave the WAL to the checkpointer, which copies it into the database.</summary>
public sealed class WalCheckpointerTests : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly IndexDatabase _db;

    public WalCheckpointerTests() =>
        _db = IndexDatabase.ForSqlite(Path.Combine(_dir.Path, "index.db"), checkpointPeriod: Timeout.InfiniteTimeSpan);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string DatabaseFile => Path.Combine(_dir.Path, "index.db");

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task Session_commits_do_not_checkpoint_and_a_tick_copies_them_into_the_database()
    {
        await using (var connection = await _db.OpenAsync(Ct))
        await using (var create = IndexDatabase.Command(connection, null, "CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)"))
        {
            await create.ExecuteNonQueryAsync(Ct);
        }

        var sizeBefore = new FileInfo(DatabaseFile).Length;
        // 400 commits of 16 KiB each: about 2,000 WAL pages, twice SQLite's automatic checkpoint threshold.
        for (var i = 0; i < 400; i++)
        {
            await _db.InSessionTransactionAsync(async session =>
                await session.Command("INSERT INTO blobs (data) VALUES (@data)", ("data", new byte[16 << 10])).ExecuteNonQueryAsync(Ct), Ct);
        }

        Assert.True(new FileInfo(DatabaseFile).Length < sizeBefore + (1 << 20),
            $"the database file grew to {new FileInfo(DatabaseFile).Length} bytes: a commit checkpointed");
        Assert.Equal(0, _db.Checkpointer!.Checkpoints);

        _db.Checkpointer.Tick();
        Assert.Equal(1, _db.Checkpointer.Checkpoints);
        Assert.True(new FileInfo(DatabaseFile).Length > 400 * (16 << 10), "the checkpoint did not copy the WAL into the database");

        // Nothing committed since: no checkpoint.
        _db.Checkpointer.Tick();
        Assert.Equal(1, _db.Checkpointer.Checkpoints);

        await using var read = await _db.OpenSessionAsync(Ct);
        Assert.Equal(400L, await read.Command("SELECT COUNT(*) FROM blobs").ExecuteScalarAsync(Ct));
    }
}
