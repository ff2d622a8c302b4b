using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;

namespace ImagingPipeline.Worker.Index;

/// <summary>
/// A connection for the statements the store runs on every C-STORE. On SQLite it is a long-lived connection that keeps
/// each statement prepared, by its text, from one use to the next (SQLite parses nothing twice; parsing and binding
/// by name cost more than running the statements); on PostgreSQL a pooled connection, whose commands are disposed
/// with the session. Commands from <see cref="Command"/> belong to the session: callers dispose their readers only.
/// One caller at a time.
/// </summary>
internal sealed class IndexSession : IAsyncDisposable
{
    /// <summary>Prepared commands kept per SQLite connection; texts beyond it (rare shapes) are prepared for one use.</summary>
    private const int MaxPrepared = 64;

    private readonly SessionPool? _pool;
    private readonly Dictionary<string, DbCommand>? _prepared;
    private readonly List<DbCommand> _oneUse = [];
    private bool _broken;
    private WalCheckpointer? _checkpointer;

    private IndexSession(DbConnection connection, SessionPool? pool, Dictionary<string, DbCommand>? prepared)
    {
        Connection = connection;
        _pool = pool;
        _prepared = prepared;
    }

    public DbConnection Connection { get; }

    public DbTransaction? Transaction { get; private set; }

    public static async Task<IndexSession> OpenAsync(IndexDatabase db, SessionPool? pool, CancellationToken ct)
    {
        if (pool is null)
        {
            return new IndexSession(await db.OpenAsync(ct), null, null);
        }

        if (pool.TryTake(out var kept))
        {
            return new IndexSession(kept.Connection, pool, kept.Prepared) { _checkpointer = db.Checkpointer };
        }

        return new IndexSession(await db.OpenSessionConnectionAsync(ct), pool, new Dictionary<string, DbCommand>(StringComparer.Ordinal))
        {
            _checkpointer = db.Checkpointer,
        };
    }

    public async Task BeginAsync(CancellationToken ct) =>
        Transaction = await Connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

    public async Task CommitAsync(CancellationToken ct)
    {
        await Transaction!.CommitAsync(ct);
        await Transaction.DisposeAsync();
        Transaction = null;
        _checkpointer?.Committed();
    }

    /// <summary>The command for <paramref name="sql"/> with these parameter values, in the session's transaction.</summary>
    public DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        if (_prepared is not null && _prepared.TryGetValue(sql, out var kept) && SameNames(kept, parameters))
        {
            kept.Transaction = Transaction;
            for (var i = 0; i < parameters.Length; i++)
            {
                kept.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
            }

            return kept;
        }

        var command = IndexDatabase.Command(Connection, Transaction, sql, parameters);
        if (_prepared is not null && _prepared.Count < MaxPrepared && !_prepared.ContainsKey(sql))
        {
            command.Prepare();
            _prepared.Add(sql, command);
        }
        else
        {
            _oneUse.Add(command);
        }

        return command;
    }

    /// <summary>Marks the connection as not to be kept (its state after a failure is not known).</summary>
    public void Discard() => _broken = true;

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _oneUse)
        {
            await command.DisposeAsync();
        }

        if (Transaction is not null)
        {
            // Not committed: rolled back. A connection whose rollback failed is not kept.
            try
            {
                await Transaction.DisposeAsync();
            }
            catch (DbException)
            {
                _broken = true;
            }
        }

        if (_pool is not null && !_broken && _pool.TryKeep(new KeptConnection(Connection, _prepared!)))
        {
            return;
        }

        foreach (var command in _prepared?.Values ?? Enumerable.Empty<DbCommand>())
        {
            await command.DisposeAsync();
        }

        await Connection.DisposeAsync();
    }

    private static bool SameNames(DbCommand command, (string Name, object? Value)[] parameters)
    {
        if (command.Parameters.Count != parameters.Length)
        {
            return false;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (!string.Equals(command.Parameters[i].ParameterName, IndexDatabase.ParameterName(command.Connection!, parameters[i].Name), StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    internal sealed record KeptConnection(DbConnection Connection, Dictionary<string, DbCommand> Prepared);

    /// <summary>Open SQLite connections with their prepared commands, kept between sessions.</summary>
    internal sealed class SessionPool : IAsyncDisposable
    {
        private readonly ConcurrentBag<KeptConnection> _kept = [];
        private readonly int _capacity;
        private int _count;
        private bool _disposed;

        public SessionPool(int capacity) => _capacity = capacity;

        public bool TryTake(out KeptConnection kept)
        {
            if (_kept.TryTake(out kept!))
            {
                Interlocked.Decrement(ref _count);
                return true;
            }

            return false;
        }

        public bool TryKeep(KeptConnection kept)
        {
            if (Volatile.Read(ref _disposed) || Interlocked.Increment(ref _count) > _capacity)
            {
                Interlocked.Decrement(ref _count);
                return false;
            }

            _kept.Add(kept);
            return true;
        }

        public async ValueTask DisposeAsync()
        {
            Volatile.Write(ref _disposed, true);
            while (_kept.TryTake(out var kept))
            {
                foreach (var command in kept.Prepared.Values)
                {
                    await command.DisposeAsync();
                }

                await kept.Connection.DisposeAsync();
            }
        }
    }
}
