using ImagingPipeline.Contracts;
using ImagingPipeline.TestSupport.Schemas;
using ImagingPipeline.TestSupport.Servers;
using ImagingPipeline.Worker.Tests.Support;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Outbox;

/// <summary>The outbox and relay against a real RabbitMQ broker, with the embedded SQLite index.</summary>
public sealed class OutboxRabbitMqTests(RabbitMqFixture rabbit) : IClassFixture<RabbitMqFixture>
{
    /// <summary>How long the broker stays down in the outage test; the acceptance scenario is 30 s (IMAGINGPIPELINE_TEST_OUTAGE_SECONDS=30), the default keeps the suite short: the relay's behaviour does not depend on the length, only on the broker being down while it tries.</summary>
    private static TimeSpan OutageLength => TimeSpan.FromSeconds(int.TryParse(System.Environment.GetEnvironmentVariable("IMAGINGPIPELINE_TEST_OUTAGE_SECONDS"), out var s) ? s : 3);

    private static readonly string[] Bound = ["OligoProgressionAssessed", "ProgressiveSiteIdentified"];

    [Fact]
    public async Task Committed_results_arrive_once_each_with_their_deterministic_ids()
    {
        var ct = TestContext.Current.CancellationToken;
        var broker = rabbit.Require();
        await using var probe = await AmqpProbe.BindAsync(broker.AmqpUri, ct, Bound);
        await using var world = await ResultsWorld.StartAsync(ct, broker.AmqpUri);
        var assessment = Assessment("1.2.826.0.1.3680043.8.498.11", 2);
        await world.Database.InTransactionAsync(async (c, t) => { await world.Writer.AddAssessmentAsync(c, t, assessment, ct); return 0; }, ct);

        Assert.Equal(3, await world.Relay.RunOnceAsync(ct));
        Assert.Equal(0, await world.Relay.RunOnceAsync(ct));
        Assert.Equal(0, await world.Relay.PendingAsync(ct));

        var received = await probe.DrainAsync(ct);
        Assert.Equal(ExpectedIds(assessment).Order(), received.Select(r => r.MessageId).Order());
        Assert.All(received, r => ContractSchemas.AssertValid(r.Type, r.Message)); // the bodies on the wire match the checked-in schemas
        var opa = Assert.Single(received, r => r.Type == "OligoProgressionAssessed");
        Assert.Equal(assessment.StudyInstanceUid, opa.Message.GetProperty("studyInstanceUid").GetString());
        Assert.Equal(2, received.Count(r => r.Type == "ProgressiveSiteIdentified"));
    }

    [Fact]
    public async Task Rolled_back_results_publish_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var broker = rabbit.Require();
        await using var probe = await AmqpProbe.BindAsync(broker.AmqpUri, ct, Bound);
        await using var world = await ResultsWorld.StartAsync(ct, broker.AmqpUri);
        await using (var connection = await world.Database.OpenAsync(ct))
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await world.Writer.AddAssessmentAsync(connection, tx, Assessment("1.2.826.0.1.3680043.8.498.12", 1), ct);
            await tx.RollbackAsync(ct);
        }

        Assert.Equal(0, await world.Relay.PendingAsync(ct));
        Assert.Equal(0, await world.Relay.RunOnceAsync(ct));
        Assert.Empty(await probe.DrainAsync(ct));
    }

    [Fact]
    public async Task Relay_crash_between_confirm_and_mark_sent_republishes_with_the_same_message_id()
    {
        var ct = TestContext.Current.CancellationToken;
        var broker = rabbit.Require();
        await using var probe = await AmqpProbe.BindAsync(broker.AmqpUri, ct, Bound);
        await using var world = await ResultsWorld.StartAsync(ct, broker.AmqpUri);
        var assessment = Assessment("1.2.826.0.1.3680043.8.498.13", 2);
        await world.Database.InTransactionAsync(async (c, t) => { await world.Writer.AddAssessmentAsync(c, t, assessment, ct); return 0; }, ct);

        var crashed = new InvalidOperationException("simulated crash after the broker's confirm");
        world.Relay.AfterPublish = (_, _) => throw crashed;
        Assert.Same(crashed, await Assert.ThrowsAsync<InvalidOperationException>(() => world.Relay.RunOnceAsync(ct)));

        // The restarted worker: a new relay; the dead one's claim holds until its lease runs out.
        var restarted = world.NewRelay();
        Assert.Equal(0, await restarted.RunOnceAsync(ct));
        world.Clock.Advance(TimeSpan.FromMinutes(2));
        var republished = await restarted.RunOnceAsync(ct);
        Assert.True(republished == 3, $"{republished} republished; last error: {restarted.LastError}"); // the whole dead claim: the row already confirmed and the two after it
        Assert.Equal(0, await restarted.PendingAsync(ct));

        var received = await probe.DrainAsync(ct);
        var expected = ExpectedIds(assessment);
        Assert.Equal(4, received.Count); // 2 sites + the assessment, the first site twice
        Assert.Equal(expected.Order(), received.Select(r => r.MessageId).Distinct().Order());
        var duplicate = Assert.Single(received.GroupBy(r => r.MessageId), g => g.Count() == 2);
        Assert.Equal(2, duplicate.Count());
    }

    [Fact]
    public async Task Broker_down_before_publish_backs_off_then_delivers_every_message_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var broker = rabbit.Require();
        if (!broker.CanStopAndStart)
        {
            TestSupport.Environment.Requirements.Unavailable("the broker from the environment cannot be stopped by a test");
        }

        await using var probe = await AmqpProbe.BindAsync(broker.AmqpUri, ct, Bound);
        // Publishing while the broker is down waits for this timeout before the relay counts a failure.
        await using var world = await ResultsWorld.StartAsync(ct, broker.AmqpUri, publishTimeout: TimeSpan.FromSeconds(3));
        var assessment = Assessment("1.2.826.0.1.3680043.8.498.14", 3);
        await world.Database.InTransactionAsync(async (c, t) => { await world.Writer.AddAssessmentAsync(c, t, assessment, ct); return 0; }, ct);

        await broker.StopAsync(ct);
        try
        {
            Assert.Equal(0, await world.Relay.RunOnceAsync(ct));
            Assert.True(world.Relay.ConsecutiveFailures >= 1);
            Assert.NotNull(world.Relay.LastError);
            Assert.True(world.Relay.NextDelay > world.Options.PollInterval);
            Assert.Equal(4, await world.Relay.PendingAsync(ct));
            await Task.Delay(OutageLength, ct);
        }
        finally
        {
            await broker.StartAsync(ct);
        }

        await world.DrainOutboxAsync(ct, TimeSpan.FromSeconds(90));

        Assert.Equal(0, await world.Relay.PendingAsync(ct));
        Assert.Null(world.Relay.LastError);
        await probe.ConnectAsync(ct);
        var received = await probe.DrainAsync(ct);
        Assert.Equal(ExpectedIds(assessment).Order(), received.Select(r => r.MessageId).Order());
    }

    internal static OligoProgressionAssessed Assessment(string study, int sites) => new()
    {
        StudyInstanceUid = study,
        PatientId = "PAT-OUTBOX",
        Version = 1,
        ExtracranialSiteCount = sites,
        Sites = [.. Enumerable.Range(1, sites).Select(i => new SiteRecord { SiteId = $"{study}.9/{i}", RoiNumber = i, RoiName = $"GTV_{i}", VolumeCc = i })],
    };

    internal static List<Guid> ExpectedIds(OligoProgressionAssessed a) =>
        [MessageIds.For(a), .. a.Sites.Select(s => MessageIds.For(nameof(ProgressiveSiteIdentified), a.StudyInstanceUid, a.Version, s.SiteId))];
}
