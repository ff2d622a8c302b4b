using ImagingPipeline.Worker.Tests.Support;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Audit;

public sealed class SqliteReviewAuditTests
{
    [Fact]
    public async Task Decisions_and_sign_offs_are_audited_newest_first()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var w = await ResultsWorld.StartAsync(ct);
        await ReviewAuditScenarios.DecisionsAndSignOffsAreAuditedNewestFirst(w, ct);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresReviewAuditTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Decisions_and_sign_offs_are_audited_newest_first()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var w = await ResultsWorld.StartAsync(ct, postgres: await postgres.DatabaseAsync());
        await ReviewAuditScenarios.DecisionsAndSignOffsAreAuditedNewestFirst(w, ct);
    }
}
