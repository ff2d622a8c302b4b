using Microsoft.Data.Sqlite;

namespace ImagingPipeline.Worker.Index;

/// <summary>
/// SQLite WAL checkpoints off the store's path. The store's session connections do not checkpoint when they commit
/// (<c>wal_autocheckpoint=0</c>): with SQLite's default, every commit that finds the WAL above 1,000 pages copies it
/// into the database file and fsyncs that, inside the commit — about every 80th C-STORE waited some 10 ms. This copies
/// what was committed since the last time, every <c>period</c>, on a timer thread (PASSIVE: writers and readers go on
/// meanwhile). Every other connection keeps SQLite's automatic checkpoint, so the WAL stays bounded should this fail.
/// </summary>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly Timer _timer;
    private long _commits;
    private long _checkpointedAt;
    private int _running;

    public WalCheckpointer(string connectionString, TimeSpan period)
    {
        _connectionString = connectionString;
        _timer = new Timer(_ => Tick(), null, period, period);
    }

    /// <summary>Checkpoints run so far (for tests).</summary>
    public int Checkpoints { get; private set; }

    /// <summary>Tells the checkpointer that a session committed.</summary>
    public void Committed() => Interlocked.Increment(ref _commits);

    /// <summary>One checkpoint now, when anything was committed since the last (the timer's work; tests call it).</summary>
    public void Tick()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return;
        }

        try
        {
            var commits = Interlocked.Read(ref _commits);
            if (commits == _checkpointedAt)
            {
                return;
            }

            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            command.ExecuteNonQuery();
            _checkpointedAt = commits;
            Checkpoints++;
        }
        catch (SqliteException)
        {
            // Busy or failing: the next tick tries again, and other connections' automatic checkpoint bounds the WAL.
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    public async ValueTask DisposeAsync() => await _timer.DisposeAsync();
}
