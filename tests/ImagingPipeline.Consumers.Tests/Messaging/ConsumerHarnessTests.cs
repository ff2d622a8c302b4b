using ImagingPipeline.Consumers.Eligibility;
using ImagingPipeline.Consumers.Planning;
using ImagingPipeline.Consumers.Storage;
using ImagingPipeline.Contracts;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ImagingPipeline.Consumers.Tests.Samples;

namespace ImagingPipeline.Consumers.Tests.Messaging;

/// <summary>Consumer logic through MassTransit's in-memory test harness, state in a throwaway SQLite file.</summary>
public sealed class ConsumerHarnessTests : IAsyncLifetime
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), $"consumers-{Guid.NewGuid():N}.db");
    private ServiceProvider _provider = null!;
    private ITestHarness _harness = null!;

    public async ValueTask InitializeAsync()
    {
        var store = new ConsumerStore($"Data Source={_db};Pooling=False", postgres: false);
        await store.EnsureSchemaAsync(TestContext.Current.CancellationToken);
        _provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton(store)
            .AddSingleton(TimeProvider.System)
            .AddMassTransitTestHarness(x =>
            {
                x.AddConsumer<EligibilityConsumer, EligibilityConsumerDefinition>();
                x.AddConsumer<SbrtPlanningConsumer, SbrtPlanningConsumerDefinition>();
            })
            .BuildServiceProvider(true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    public async ValueTask DisposeAsync()
    {
        await _harness.Stop();
        await _provider.DisposeAsync();
        File.Delete(_db);
    }

    private Task Publish<T>(T message, string? siteId = null)
        where T : class, IVersionedMessage
        => _harness.Bus.Publish(message, c => c.MessageId = MessageIds.For(message, siteId), TestContext.Current.CancellationToken);

    /// <summary>Publishes and waits until both consumers have consumed that message id.</summary>
    private async Task PublishAndWaitAsync<T>(T message)
        where T : class, IVersionedMessage
    {
        await Publish(message);
        var id = MessageIds.For(message);
        var ct = TestContext.Current.CancellationToken;
        // Any() gives up after the harness's inactivity timeout, which a loaded machine can exceed: ask again until a deadline.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await _harness.GetConsumerHarness<EligibilityConsumer>().Consumed.Any<T>(x => x.Context.MessageId == id, ct)
            || !await _harness.GetConsumerHarness<SbrtPlanningConsumer>().Consumed.Any<T>(x => x.Context.MessageId == id, ct))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{typeof(T).Name} {id} was not consumed by both consumers");
            await Task.Delay(50, ct); // once the inactivity signal fired, Any() answers at once: do not starve the consumers
        }
    }

    /// <summary>The answers published so far (each is published inside the consume that caused it, so after a wait they are all here).</summary>
    private List<ImagingEligibilityAssessed> Answers()
    {
        return [.. _harness.Published.Select<ImagingEligibilityAssessed>(TestContext.Current.CancellationToken).Select(m => m.Context.Message).OrderBy(m => m.Version)];
    }

    [Fact]
    public async Task An_assessment_is_answered_with_each_criterion()
    {
        await PublishAndWaitAsync(Assessment(1, Site("1"), Site("2", "hilar-R")));
        var answers = Answers();
        var answer = Assert.Single(answers);
        Assert.Equal(1, answer.AssessmentVersion);
        Assert.Equal(3, answer.Criteria.Count);
        Assert.Equal(CriterionStatus.AwaitingReview, answer.ImagingCriteria);
    }

    [Fact]
    public async Task A_duplicate_message_id_is_acted_on_once()
    {
        var a = Assessment(1, Site("1"));
        await Publish(a);
        await Publish(a);

        // The endpoint takes one message at a time in order: once the review after the duplicate
        // is consumed, the duplicate has been too.
        await PublishAndWaitAsync(Review(1, 1, Suitable("1")));
        var answers = Answers();
        Assert.Equal([1, 2], answers.Select(x => x.Version));
        Assert.Equal(CriterionStatus.Met, answers[1].ImagingCriteria);
    }

    [Fact]
    public async Task A_superseded_version_arriving_late_is_ignored_and_a_review_completes_the_answer()
    {
        await PublishAndWaitAsync(Assessment(2, Site("1"), Site("2")));
        await PublishAndWaitAsync(Assessment(1, Site("1"), Site("2"), Site("3"), Site("4"), Site("5"), Site("6")));
        await PublishAndWaitAsync(Review(1, 2, Suitable("1"), Suitable("2")));
        var answers = Answers();
        Assert.Equal(2, answers.Count);
        Assert.All(answers, a => Assert.Equal(2, a.AssessmentVersion));
        Assert.Equal(CriterionStatus.Met, answers[^1].ImagingCriteria);
        Assert.Equal(1, answers[^1].ReviewVersion);
        Assert.Equal(MessageIds.For(answers[^1]), _harness.Published.Select<ImagingEligibilityAssessed>(TestContext.Current.CancellationToken).Last().Context.MessageId);

        var store = _provider.GetRequiredService<ConsumerStore>();
        var targets = await store.ListTargetsAsync("PAT-1", TestContext.Current.CancellationToken);
        Assert.Equal(["1.2.3/1", "1.2.3/2"], targets.Select(t => t.SiteId).Order(StringComparer.Ordinal));
        Assert.Contains(targets, t => t.TreatableRegion == "nodal region hilar-R" || t.TreatableRegion == "site 1.2.3/1");
    }

    [Fact]
    public async Task The_worklist_groups_nodes_into_treatable_regions_and_skips_unsuitable_and_intracranial_sites()
    {
        await PublishAndWaitAsync(Assessment(1, Site("1"), Site("2", "hilar-R"), Site("3", "hilar-R"), Site("4"), Site("5", intracranial: true)));
        await PublishAndWaitAsync(Review(1, 1, Suitable("1"), Suitable("2"), Suitable("3"), Suitable("4", suitable: false), Suitable("5")));
        var targets = await _provider.GetRequiredService<ConsumerStore>().ListTargetsAsync(null, TestContext.Current.CancellationToken);
        Assert.Equal(3, targets.Count);
        Assert.Equal(2, targets.Count(t => t.TreatableRegion == "nodal region hilar-R"));
        Assert.All(targets, t => Assert.Equal("1.2.3.4", t.FrameOfReferenceUid));
        Assert.Equal([10.0, 0, 0], targets.Single(t => t.SiteId == "1.2.3/1").CentroidMm);
    }

    [Fact]
    public async Task An_invalid_message_faults_after_the_retries()
    {
        await Publish(Assessment(1, Site("1"), Site("1")));
        // The fault comes after the retries (at least 1.6 s); Any() gives up after the harness's inactivity timeout.
        var ct = TestContext.Current.CancellationToken;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await _harness.Published.Any<Fault<OligoProgressionAssessed>>(ct))
        {
            Assert.True(DateTime.UtcNow < deadline, "no Fault<OligoProgressionAssessed> after the retries");
            await Task.Delay(50, ct);
        }

        Assert.Empty(_harness.Published.Select<ImagingEligibilityAssessed>(TestContext.Current.CancellationToken));
    }
}
