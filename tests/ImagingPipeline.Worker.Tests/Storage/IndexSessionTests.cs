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
