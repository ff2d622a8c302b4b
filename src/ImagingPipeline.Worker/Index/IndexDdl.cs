using System.Data.Common;
using System.Globalization;

namespace ImagingPipeline.Worker.Index;

/// <summary>
/// Applies CREATE … IF NOT EXISTS statements and added columns to the index database. On
/// PostgreSQL everything runs in one transaction under an advisory lock, so replicas starting
/// together do not race on the catalog.
/// </summary>
internal static class IndexDdl
{
    private const long SchemaLockKey = 4242001;

    /// <summary>The type of an auto-numbered primary key column.</summary>
    public static string IdentityColumn(IndexProvider provider) => provider == IndexProvider.Sqlite
        ? "INTEGER PRIMARY KEY AUTOINCREMENT"
        : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

    /// <summary>Runs <paramref name="statements"/>, then adds each of <paramref name="columns"/> (table, column, type) that a table created by an older version lacks.</summary>
    public static async Task ApplyAsync(IndexDatabase db, IReadOnlyList<string> statements, CancellationToken ct,
        params (string Table, string Column, string Type)[] columns)
    {
        await using var connection = await db.OpenAsync(ct);
        var postgres = db.Provider == IndexProvider.PostgreSql;
        await using var tx = postgres ? await connection.BeginTransactionAsync(ct) : null;
        if (postgres)
        {
            await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({SchemaLockKey.ToString(CultureInfo.InvariantCulture)})", ct);
        }

        foreach (var sql in statements)
        {
            await ExecuteAsync(connection, tx, sql, ct);
        }

        foreach (var (table, column, type) in columns)
        {
            if (!await HasColumnAsync(connection, tx, postgres, table, column, ct))
            {
                await ExecuteAsync(connection, tx, $"ALTER TABLE {table} ADD COLUMN {column} {type}", ct);
            }
        }

        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
    }

    private static async Task<bool> HasColumnAsync(DbConnection connection, DbTransaction? tx, bool postgres, string table, string column, CancellationToken ct)
    {
        await using var command = IndexDatabase.Command(connection, tx, postgres
                ? "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @t AND column_name = @c"
                : "SELECT COUNT(*) FROM pragma_table_info(@t) WHERE name = @c",
            ("@t", table), ("@c", column));
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) > 0;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = IndexDatabase.Command(connection, tx, sql);
        await command.ExecuteNonQueryAsync(ct);
    }
}
