using ImagingPipeline.TestSupport.Environment;
using ImagingPipeline.TestSupport.Servers;

namespace ImagingPipeline.EndToEnd.Tests.Support;

/// <summary>
/// One RabbitMQ broker and one PostgreSQL server for the end-to-end collection (each test takes
/// fresh databases). A missing server skips the tests locally and fails them under CI=true.
/// </summary>
public sealed class ServersFixture : IAsyncLifetime
{
    private readonly RabbitMqFixture _rabbit = new();
    private PostgresServer? _postgres;
    private string? _postgresProblem;

    internal RabbitMqServer Broker => _rabbit.Require();

    /// <summary>A fresh PostgreSQL database's connection string.</summary>
    internal async Task<string> DatabaseAsync() => await Postgres().CreateDatabaseAsync();

    /// <summary>The PostgreSQL server itself, for tests that stop and start it (only one this fixture started).</summary>
    internal PostgresServer StoppablePostgres()
    {
        var postgres = Postgres();
        if (!postgres.IsOwned)
        {
            Requirements.Unavailable("the PostgreSQL server from the environment cannot be stopped by a test");
        }

        return postgres;
    }

    private PostgresServer Postgres()
    {
        if (_postgres is null)
        {
            Requirements.Unavailable(_postgresProblem ?? "PostgreSQL did not start");
        }

        return _postgres!;
    }

    public async ValueTask InitializeAsync()
    {
        await _rabbit.InitializeAsync();
        try
        {
            _postgres = await PostgresServer.StartAsync();
        }
        catch (Exception e)
        {
            // Also xunit's skip from PostgresServer when PostgreSQL is not installed: reported per test by DatabaseAsync.
            _postgresProblem = $"PostgreSQL could not be started: {e.Message}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        await _rabbit.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "RabbitMQ and PostgreSQL";
}
