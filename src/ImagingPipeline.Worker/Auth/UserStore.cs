using System.Data.Common;
using ImagingPipeline.Worker.Index;

namespace ImagingPipeline.Worker.Auth;

/// <summary>
/// Local accounts in the index database (table <c>users</c>; same SQL for SQLite and PostgreSQL),
/// shared by the worker and the CLI's <c>users</c> command.
/// </summary>
internal sealed class UserStore(IndexDatabase db, TimeProvider clock)
{
    private const int MaxNameLength = 64;
    private volatile bool _schemaReady;

    public static string? ValidateName(string name) =>
        name.Length is 0 or > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@')
            ? $"A user name is 1-{MaxNameLength} characters of letters, digits, '.', '_', '-' or '@'."
            : null;

    private async Task EnsureSchemaAsync(DbConnection connection, CancellationToken ct)
    {
        if (_schemaReady)
        {
            return;
        }

        await using var command = IndexDatabase.Command(connection, null, """
            CREATE TABLE IF NOT EXISTS users (
                name TEXT PRIMARY KEY,
                role TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                created_ms BIGINT NOT NULL)
            """);
        await command.ExecuteNonQueryAsync(ct);
        _schemaReady = true;
    }

    /// <summary>Adds the account or replaces its role and password; returns false when it already existed.</summary>
    public async Task<bool> AddOrReplaceAsync(string name, string role, string password, CancellationToken ct)
    {
        if (ValidateName(name) is { } problem)
        {
            throw new ArgumentException(problem, nameof(name));
        }

        if (!Roles.IsAccountRole(role))
        {
            throw new ArgumentException($"The role must be {Roles.Radiotherapist} or {Roles.Admin}.", nameof(role));
        }

        var hash = PasswordHasher.Hash(password);
        await using var connection = await db.OpenAsync(ct);
        await EnsureSchemaAsync(connection, ct);
        var existed = await FindHashAsync(connection, name, ct) is not null;
        await using var command = IndexDatabase.Command(connection, null, """
            INSERT INTO users (name, role, password_hash, created_ms) VALUES (@name, @role, @hash, @now)
            ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash
            """, ("@name", name), ("@role", role), ("@hash", hash), ("@now", clock.GetUtcNow().ToUnixTimeMilliseconds()));
        await command.ExecuteNonQueryAsync(ct);
        return !existed;
    }

    public async Task<bool> RemoveAsync(string name, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await EnsureSchemaAsync(connection, ct);
        await using var command = IndexDatabase.Command(connection, null, "DELETE FROM users WHERE name = @name", ("@name", name));
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await EnsureSchemaAsync(connection, ct);
        await using var command = IndexDatabase.Command(connection, null, "SELECT name, role, created_ms FROM users ORDER BY name");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<UserAccount>();
        while (await reader.ReadAsync(ct))
        {
            result.Add(new UserAccount(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        }

        return result;
    }

    /// <summary>The account when the password matches, else null (unknown user or wrong password alike).</summary>
    public async Task<UserAccount?> VerifyAsync(string name, string password, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await EnsureSchemaAsync(connection, ct);
        var row = await FindHashAsync(connection, name, ct);
        if (row is null)
        {
            // Same work as a real check, so timing does not tell which names exist.
            PasswordHasher.Verify(password, DummyHash.Value);
            return null;
        }

        return PasswordHasher.Verify(password, row.Value.Hash) ? new UserAccount(name, row.Value.Role, row.Value.Created) : null;
    }

    private static readonly Lazy<string> DummyHash = new(() => PasswordHasher.Hash("not a password"));

    private static async Task<(string Role, string Hash, DateTimeOffset Created)?> FindHashAsync(DbConnection connection, string name, CancellationToken ct)
    {
        await using var command = IndexDatabase.Command(connection, null,
            "SELECT role, password_hash, created_ms FROM users WHERE name = @name", ("@name", name));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? (reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)))
            : null;
    }
}
