using ImagingPipeline.TestSupport.Servers;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Support;

/// <summary>One PostgreSQL server for the PostgreSQL test collection; each test takes its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;
    private string? _failure;

    internal PostgresServer Server => _server ?? throw new InvalidOperationException(_failure ?? "PostgreSQL did not start.");

    public async ValueTask InitializeAsync()
    {
        try
        {
            _server = await PostgresServer.StartAsync();
        }
        catch (Exception e) when (e is not Xunit.Sdk.IAssertionException)
        {
            _failure = $"PostgreSQL could not be started: {e.Message}";
        }
    }

    /// <summary>A fresh database, or skip/fail when no server is available.</summary>
    internal async Task<string> DatabaseAsync()
    {
        if (_server is null)
        {
            TestSupport.Environment.Requirements.Unavailable(_failure ?? "PostgreSQL is unavailable");
        }

        return await _server!.CreateDatabaseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
