using System.Collections.Concurrent;
using System.Data.Common;
using ImagingPipeline.Worker.Index;

namespace ImagingPipeline.Worker.Assessments;

/// <summary>
/// One extraction per patient at a time, across the whole run (read files, extract, record), so
/// two studies of one patient completing together are assessed one after the other and the later
/// one sees the earlier one's studies. In this process a semaphore per patient; on PostgreSQL also
/// a session advisory lock, so worker replicas sharing the database take turns too (the lock goes
/// with the session when a worker dies).
/// </summary>
internal sealed class PatientLocks(IndexDatabase db)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _local = new(StringComparer.Ordinal);

    public async Task<IAsyncDisposable> AcquireAsync(string patientId, CancellationToken ct)
    {
        var gate = _local.GetOrAdd(patientId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        DbConnection? connection = null;
        try
        {
            var key = IndexLocks.KeyOf("patient:" + patientId);
            if (db.Provider == IndexProvider.PostgreSql)
            {
                connection = await db.OpenAsync(ct);
                await using var command = IndexDatabase.Command(connection, null, "SELECT pg_advisory_lock(@key)", ("@key", key));
                await command.ExecuteNonQueryAsync(ct);
            }

            return new Held(gate, connection, key);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            gate.Release();
            throw;
        }
    }

    private sealed class Held(SemaphoreSlim gate, DbConnection? connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                if (connection is not null)
                {
                    await using (connection)
                    {
                        await using var command = IndexDatabase.Command(connection, null, "SELECT pg_advisory_unlock(@key)", ("@key", key));
                        await command.ExecuteNonQueryAsync(CancellationToken.None);
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
