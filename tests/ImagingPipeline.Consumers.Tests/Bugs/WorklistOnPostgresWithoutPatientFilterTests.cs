using ImagingPipeline.Consumers.Storage;
using ImagingPipeline.TestSupport.Servers;

namespace ImagingPipeline.Consumers.Tests.Bugs;

/// <summary>
/// GET /api/worklist without ?patientId= answered 500 on PostgreSQL: "WHERE @a IS NULL OR
/// patient_id = @a" with a NULL parameter fails there (could not determine data type of parameter).
/// </summary>
public sealed class WorklistOnPostgresWithoutPatientFilterTests : IAsyncLifetime
{
    private PostgresServer? _server;

    public async ValueTask InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_worklist_lists_every_patient_and_one_patient_on_postgresql()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new ConsumerStore(await _server!.CreateDatabaseAsync(), postgres: true);
        await store.EnsureSchemaAsync(ct);
        var connection = await store.OpenAsync(ct);
        await using (connection)
        {
            var tx = await connection.BeginTransactionAsync(ct);
            await ConsumerStore.ReplaceTargetsAsync(connection, tx, "1.2.3",
                [new WorklistTarget("P1", "1.2.3", 1, 1, "s/1", "GTV1", "site s/1", "1.2.3.4", [1, 2, 3], 2.5)], ct);
            await ConsumerStore.ReplaceTargetsAsync(connection, tx, "1.2.4",
                [new WorklistTarget("P2", "1.2.4", 1, 1, "s/2", "GTV2", "site s/2", null, null, null)], ct);
            await tx.CommitAsync(ct);
        }

        Assert.Equal(["P1", "P2"], (await store.ListTargetsAsync(null, ct)).Select(t => t.PatientId));
        Assert.Equal("s/2", Assert.Single(await store.ListTargetsAsync("P2", ct)).SiteId);
    }
}
