using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ImagingPipeline.Worker.Index;

/// <summary>
/// Connections to the index database, SQLite or PostgreSQL. Other components (results, outbox)
/// use <see cref="InTransactionAsync{T}"/> to write their rows in the same transaction.
/// SQL is written once for both: <c>@name</c> parameters, <c>ON CONFLICT</c>, <c>RETURNING</c>.
/// </summary>
internal sealed class IndexDatabase : IAsyncDisposable
{
    /// <summary>SQLite connections (native handles, reused by the pool) whose PRAGMAs have been set.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> ConfiguredSqlite = [];
    private static readonly object Configured = new();

    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqlite;

    /// <summary>SQLite connections kept open with their prepared statements: one per concurrent store, at most.</summary>
    private readonly IndexSession.SessionPool? _sessions;

    private IndexDatabase(IndexProvider provider, NpgsqlDataSource? postgres, string? sqlite, TimeSpan? checkpointPeriod = null)
    {
        Provider = provider;
        _postgres = postgres;
        _sqlite = sqlite;
        _sessions = sqlite is null ? null : new IndexSession.SessionPool(16);
        Checkpointer = sqlite is null ? null : new WalCheckpointer(sqlite, checkpointPeriod ?? TimeSpan.FromSeconds(1));
    }

    /// <summary>SQLite only: checkpoints what the sessions commit (they do not checkpoint themselves).</summary>
    public WalCheckpointer? Checkpointer { get; }

    public IndexProvider Provider { get; }

    /// <summary>The SQLite file or the PostgreSQL host and database, without a password.</summary>
    public string Description { get; private set; } = "";

    public static IndexDatabase ForPostgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var db = new IndexDatabase(IndexProvider.PostgreSql, NpgsqlDataSource.Create(builder), null)
        {
            Description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}",
        };
        return db;
    }

    /// <param name="checkpointPeriod">How often committed WAL pages are checkpointed (default 1 s; infinite: only when
    /// <see cref="WalCheckpointer.Tick"/> is called).</param>
    public static IndexDatabase ForSqlite(string file, TimeSpan? checkpointPeriod = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        return new IndexDatabase(IndexProvider.Sqlite, null, cs, checkpointPeriod) { Description = $"SQLite {Path.GetFullPath(file)}" };
    }

    /// <summary>An open connection; the caller disposes it.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(ct);
        }

        var connection = new SqliteConnection(_sqlite);
        try
        {
            await connection.OpenAsync(ct);
            // WAL keeps readers off the writer's back; FULL makes a commit durable before it returns. The
            // settings belong to the SQLite connection, which the pool keeps open: set them on its first use only
            // (parsing and running them on every open cost more than the query that followed).
            if (!ConfiguredSqlite.TryGetValue(connection.Handle!, out _))
            {
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
                await pragma.ExecuteNonQueryAsync(ct);
                ConfiguredSqlite.AddOrUpdate(connection.Handle!, Configured);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection of its own (not from the pool) for an SQLite session: it keeps its prepared statements and
    /// leaves WAL checkpoints to <see cref="Checkpointer"/>.</summary>
    internal async Task<DbConnection> OpenSessionConnectionAsync(CancellationToken ct)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(ct);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_sqlite) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(ct);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=0;";
            await pragma.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction, committed when it returns.</summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
        var result = await work(connection, tx);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>A command with parameters named <c>@p0</c>… in order, or by the names given.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
#pragma warning disable CA2100 // SQL text is a constant of this assembly; values go through parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = ParameterName(connection, name);
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }

        return command;
    }

    /// <summary>A parameter's name as bound: SQLite finds <c>@name</c> in a statement at once, a bare name only after
    /// trying each prefix in turn, for every statement of a command.</summary>
    public static string ParameterName(DbConnection connection, string name) =>
        connection is SqliteConnection && !name.StartsWith('@') ? "@" + name : name;

    /// <summary>A session for the store's per-instance statements (see <see cref="IndexSession"/>); the caller disposes it.</summary>
    public Task<IndexSession> OpenSessionAsync(CancellationToken ct) => IndexSession.OpenAsync(this, _sessions, ct);

    /// <summary>Runs <paramref name="work"/> in one transaction of a session, committed when it returns.</summary>
    public async Task<T> InSessionTransactionAsync<T>(Func<IndexSession, Task<T>> work, CancellationToken ct)
    {
        await using var session = await OpenSessionAsync(ct);
        try
        {
            await session.BeginAsync(ct);
            var result = await work(session);
            await session.CommitAsync(ct);
            return result;
        }
        catch
        {
            session.Discard();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Checkpointer is not null)
        {
            await Checkpointer.DisposeAsync();
        }

        if (_sessions is not null)
        {
            await _sessions.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
