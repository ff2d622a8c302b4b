using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using ImagingPipeline.Worker.Index;

namespace ImagingPipeline.Worker.Assessments;

/// <summary>
/// Serialises writers of one key (a timepoint's versions, a patient's processing) for the rest of
/// a transaction. PostgreSQL: a transaction-scoped advisory lock on a 64-bit hash of the key.
/// SQLite: nothing to do, because <see cref="IndexDatabase.InTransactionAsync{T}"/> begins
/// IMMEDIATE transactions, which already hold the database's single write lock.
/// </summary>
internal static class IndexLocks
{
    public static async Task LockAsync(IndexDatabase db, DbConnection connection, DbTransaction tx, string key, CancellationToken ct)
    {
        if (db.Provider != IndexProvider.PostgreSql)
        {
            return;
        }

        await using var command = IndexDatabase.Command(connection, tx, "SELECT pg_advisory_xact_lock(@key)", ("@key", KeyOf(key)));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A stable 64-bit key (the first 8 bytes of SHA-256 of the UTF-8 text).</summary>
    public static long KeyOf(string key) => BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
