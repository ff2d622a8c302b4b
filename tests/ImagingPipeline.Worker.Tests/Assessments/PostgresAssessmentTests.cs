using ImagingPipeline.Worker.Tests.Support;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Assessments;

[Collection(PostgresCollection.Name)]
public sealed class PostgresAssessmentTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Results_and_their_messages_commit_or_roll_back_together()
    {
        await using var w = await ResultsWorld.StartAsync(Ct, postgres: await postgres.DatabaseAsync());
        await AssessmentScenarios.ResultsAndTheirMessagesCommitOrRollBackTogether(w, Ct);
    }

    [Fact]
    public async Task Versions_follow_each_other_and_supersede()
    {
        await using var w = await ResultsWorld.StartAsync(Ct, postgres: await postgres.DatabaseAsync());
        await AssessmentScenarios.VersionsFollowEachOtherAndSupersede(w, Ct);
    }

    [Fact]
    public async Task Decisions_are_audited_and_sign_off_publishes_the_review()
    {
        await using var w = await ResultsWorld.StartAsync(Ct, postgres: await postgres.DatabaseAsync());
        await AssessmentScenarios.DecisionsAreAuditedAndSignOffPublishesTheReview(w, Ct);
    }

    [Fact]
    public async Task Study_is_published_once_every_message_of_its_version_is_confirmed()
    {
        await using var w = await ResultsWorld.StartAsync(Ct, postgres: await postgres.DatabaseAsync());
        await AssessmentScenarios.StudyIsPublishedOnceEveryMessageOfItsVersionIsConfirmed(w, Ct);
    }

    [Fact]
    public async Task Recorder_stores_changed_timepoints_as_new_versions_under_a_stable_anchor()
    {
        await using var w = await ResultsWorld.StartAsync(Ct, postgres: await postgres.DatabaseAsync());
        await AssessmentScenarios.RecorderStoresChangedTimepointsAsNewVersionsUnderAStableAnchor(w, Ct);
    }
}
