using System.Diagnostics;
using ImagingPipeline.TestSupport.Environment;
using Npgsql;

namespace ImagingPipeline.TestSupport.Servers;

/// <summary>
/// A PostgreSQL 15 server for tests: the one named by IMAGINGPIPELINE_TEST_POSTGRES (a connection
/// string), else a throwaway cluster (initdb + pg_ctl from /usr/lib/postgresql/15/bin) on a free
/// loopback port, run as user postgres when the tests run as root. Dispose stops and deletes it.
/// Each test takes its own database with <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "IMAGINGPIPELINE_TEST_POSTGRES";
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private readonly string? _directory;

    private PostgresServer(string adminConnectionString, string? directory)
    {
        AdminConnectionString = adminConnectionString;
        _directory = directory;
    }

    /// <summary>Connection string of the server's maintenance database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>True when this fixture started the server (so it can stop and restart it).</summary>
    public bool IsOwned => _directory is not null;

    /// <summary>Starts (or connects to) a server; skips the test locally or fails it under CI when impossible.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        var existing = System.Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(existing))
        {
            return new PostgresServer(existing, null);
        }

        if (!File.Exists(Path.Combine(BinDirectory, "pg_ctl")))
        {
            Requirements.Unavailable($"PostgreSQL 15 is not installed ({BinDirectory}); set {EnvironmentVariable} or run scripts/install-deps.sh");
        }

        var directory = Path.Combine(Path.GetTempPath(), "imagingpipeline-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var port = FreePort.Next();
        var server = new PostgresServer(
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Timeout=10;Command Timeout=30",
            directory);
        try
        {
            if (IsRoot)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", directory]);
            }

            await RunPostgresToolAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
            File.AppendAllText(Path.Combine(server.DataDirectory, "postgresql.conf"),
                $"\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{directory}'\nfsync = off\nmax_connections = 200\n");
            await server.StartServerAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private string DataDirectory => Path.Combine(_directory!, "data");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Stops the server (fast shutdown); only for a server this fixture started.</summary>
    public async Task StopServerAsync()
    {
        EnsureOwned();
        NpgsqlConnection.ClearAllPools();
        await RunPostgresToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"]);
    }

    /// <summary>Starts the server again after <see cref="StopServerAsync"/>.</summary>
    public async Task StartServerAsync()
    {
        EnsureOwned();
        await RunPostgresToolAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_directory!, "server.log"), "-w", "-t", "60", "start"]);
    }

    public async ValueTask DisposeAsync()
    {
        if (_directory is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await RunPostgresToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void EnsureOwned()
    {
        if (_directory is null)
        {
            throw new InvalidOperationException($"The server named by {EnvironmentVariable} is not managed by this fixture.");
        }
    }

    private static bool IsRoot => string.Equals(System.Environment.UserName, "root", StringComparison.Ordinal);

    private static Task RunPostgresToolAsync(string tool, string[] arguments)
    {
        var path = Path.Combine(BinDirectory, tool);
        return IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments]) : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string file, string[] arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
    }
}
