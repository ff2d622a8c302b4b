using ImagingPipeline.Worker.Tests.Host;
using ImagingPipeline.Worker.Tests.Support;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Audit;

[Collection(HostCollection.Name)]
public sealed class PostgresAssociationAuditTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_connection_gets_one_counted_row()
    {
        await using var world = new AuditWorld(await postgres.DatabaseAsync());
        await AssociationAuditScenarios.EveryConnectionGetsOneCountedRow(world, Ct);
    }

    [Fact]
    public async Task Concurrent_associations_are_counted_apart()
    {
        await using var world = new AuditWorld(await postgres.DatabaseAsync());
        await AssociationAuditScenarios.ConcurrentAssociationsAreCountedApart(world, Ct);
    }
}
