using ImagingPipeline.Consumers.Hosting;
using ImagingPipeline.Consumers.Storage;
using ImagingPipeline.Contracts;
using ImagingPipeline.TestSupport.Schemas;
using ImagingPipeline.TestSupport.Servers;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static ImagingPipeline.Consumers.Tests.Samples;

namespace ImagingPipeline.Consumers.Tests.Messaging;

/// <summary>
/// The reference consumers hosted as in production (their own registration, RabbitMQ), state in a
/// throwaway SQLite file; messages published through the host's bus and observed with plain AMQP.
/// </summary>
public sealed class ConsumerRabbitMqTests(RabbitMqFixture rabbit) : IClassFixture<RabbitMqFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private readonly string _db = Path.Combine(Path.GetTempPath(), $"consumers-rmq-{Guid.NewGuid():N}.db");
    private IHost? _host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None);
            _host.Dispose();
        }

        File.Delete(_db);
    }

    private async Task<(IBus Bus, ConsumerStore Store)> StartConsumersAsync(Uri amqp)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = amqp.ToString(),
            ["ConnectionStrings:ConsumersSqlite"] = $"Data Source={_db};Pooling=False",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddConsumerStore(builder.Configuration).AddConsumersMessaging(builder.Configuration);
        _host = builder.Build();
        var store = _host.Services.GetRequiredService<ConsumerStore>();
        await store.EnsureSchemaAsync(Ct);
        await _host.StartAsync(Ct);
        // Starting the host does not wait for the endpoints: publish only once their queues are bound.
        var bus = _host.Services.GetRequiredService<IBusControl>();
        Assert.Equal(BusHealthStatus.Healthy, await bus.WaitForHealthStatus(BusHealthStatus.Healthy, Within));
        return (bus, store);
    }

    private static Task PublishAsync<T>(IBus bus, T message)
        where T : class, IVersionedMessage
        => bus.Publish(message, c => c.MessageId = MessageIds.For(message), Ct);

    private static OligoProgressionAssessed For(string study, OligoProgressionAssessed a) => a with { StudyInstanceUid = study };

    [Fact]
    public async Task A_poison_message_is_retried_then_goes_to_the_error_queues_with_a_fault_and_the_consumers_go_on()
    {
        var broker = rabbit.Require();
        var (bus, _) = await StartConsumersAsync(broker.AmqpUri);
        await using var faults = await AmqpProbe.BindExchangesAsync(broker.AmqpUri, Ct, AmqpProbe.FaultExchangeOf(nameof(OligoProgressionAssessed)));
        await using var answers = await AmqpProbe.BindAsync(broker.AmqpUri, Ct, nameof(ImagingEligibilityAssessed));

        var poison = For("1.2.826.0.1.3680043.8.498.101", Assessment(1, Site("1"), Site("1"))); // a siteId twice: invalid
        await PublishAsync(bus, poison);

        var faulted = new List<AmqpMessage>();
        Assert.True(await faults.CollectUntilAsync(faulted, f => f.Count >= 2, Within, Ct), $"{faulted.Count} fault(s)");
        Assert.Equal(2, faulted.Count); // one per consumer endpoint
        Assert.All(faulted, f =>
        {
            Assert.StartsWith("MassTransit:Fault", f.Type, StringComparison.Ordinal);
            Assert.Equal(MessageIds.For(poison), f.Message.GetProperty("faultedMessageId").GetGuid());
            Assert.Contains("siteId twice", f.Message.GetProperty("exceptions")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        });

        foreach (var errorQueue in new[] { "eligibility_error", "sbrt-planning_error" })
        {
            // The fault may be published before the message has been moved: wait for it.
            var errors = new List<AmqpMessage>();
            var deadline = DateTime.UtcNow + Within;
            while (errors.Count == 0 && DateTime.UtcNow < deadline)
            {
                errors.AddRange(await answers.DrainQueueAsync(errorQueue, Ct));
                await Task.Delay(errors.Count == 0 ? 200 : 0, Ct);
            }

            var error = Assert.Single(errors);
            Assert.Equal(MessageIds.For(poison), error.MessageId);
            Assert.Equal(nameof(OligoProgressionAssessed), error.Type);
            Assert.Equal("3", error.HeaderText("MT-Fault-RetryCount")); // UseMessageRetry: three retries after the first attempt
            Assert.Contains("siteId twice", error.HeaderText("MT-Fault-Message"), StringComparison.Ordinal);
        }

        var good = For("1.2.826.0.1.3680043.8.498.102", Assessment(1, Site("1")));
        await PublishAsync(bus, good);
        // The durable eligibility queue may still hold another test's message (a host stopped before answering it):
        // only this study's answers count.
        static bool IsFor(AmqpMessage m, string study) => m.Message.GetProperty("studyInstanceUid").GetString() == study;
        var received = new List<AmqpMessage>();
        Assert.True(await answers.CollectUntilAsync(received, r => r.Any(m => IsFor(m, good.StudyInstanceUid)), Within, Ct));
        var answer = Assert.Single(received, m => IsFor(m, good.StudyInstanceUid));
        ContractSchemas.AssertValid(nameof(ImagingEligibilityAssessed), answer.Message); // as it travels
        Assert.Equal(good.StudyInstanceUid, answer.Message.GetProperty("studyInstanceUid").GetString());
        Assert.DoesNotContain(received, r => r.Message.GetProperty("studyInstanceUid").GetString() == poison.StudyInstanceUid);
    }

    [Fact]
    public async Task The_probe_finds_nothing_in_a_queue_not_declared_yet_and_keeps_working()
    {
        // MassTransit declares an error queue only when it first moves a message there; the poison test polls
        // for it before that, and the broker answers NOT_FOUND by closing the channel.
        var broker = rabbit.Require();
        await using var probe = await AmqpProbe.BindAsync(broker.AmqpUri, Ct, nameof(ImagingEligibilityAssessed));
        Assert.Empty(await probe.DrainQueueAsync("not-declared-" + Guid.NewGuid().ToString("N"), Ct));
        Assert.Empty(await probe.DrainQueueAsync("not-declared-" + Guid.NewGuid().ToString("N"), Ct));
        Assert.Empty(await probe.DrainAsync(Ct));
    }

    [Fact]
    public async Task Redelivered_and_superseded_messages_are_acted_on_once()
    {
        var broker = rabbit.Require();
        var (bus, store) = await StartConsumersAsync(broker.AmqpUri);
        await using var answers = await AmqpProbe.BindAsync(broker.AmqpUri, Ct, nameof(ImagingEligibilityAssessed));
        const string study = "1.2.826.0.1.3680043.8.498.103";
        var v2 = For(study, Assessment(2, Site("1"), Site("2", "hilar-R")));
        await PublishAsync(bus, v2);
        await PublishAsync(bus, v2); // the same MessageId again, as after a relay crash between confirm and mark-sent
        await PublishAsync(bus, For(study, Assessment(1, Site("1"), Site("2"), Site("3"), Site("4"), Site("5"), Site("6")))); // late, superseded
        var sentinel = For("1.2.826.0.1.3680043.8.498.104", Assessment(1, Site("1")));
        await PublishAsync(bus, sentinel);

        // One endpoint, one message at a time, in order: once the sentinel is answered the three before it were consumed.
        var received = new List<AmqpMessage>();
        Assert.True(await answers.CollectUntilAsync(received,
            r => r.Any(m => m.Message.GetProperty("studyInstanceUid").GetString() == sentinel.StudyInstanceUid), Within, Ct));
        var forStudy = Assert.Single(received, m => m.Message.GetProperty("studyInstanceUid").GetString() == study);
        Assert.Equal(2, forStudy.Message.GetProperty("assessmentVersion").GetInt32());
        Assert.Equal("AwaitingReview", forStudy.Message.GetProperty("imagingCriteria").GetString());

        // The review of version 2 completes the answer and puts the sites on the worklist.
        await PublishAsync(bus, Review(1, 2, Suitable("1"), Suitable("2")) with { StudyInstanceUid = study });
        Assert.True(await answers.CollectUntilAsync(received,
            r => r.Count(m => m.Message.GetProperty("studyInstanceUid").GetString() == study) == 2, Within, Ct));
        Assert.Equal("Met", received.Last(m => m.Message.GetProperty("studyInstanceUid").GetString() == study).Message.GetProperty("imagingCriteria").GetString());
        var deadline = DateTime.UtcNow + Within;
        IReadOnlyList<WorklistTarget> targets = [];
        while (targets.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Ct);
            targets = [.. (await store.ListTargetsAsync("PAT-1", Ct)).Where(t => t.StudyInstanceUid == study)];
        }

        Assert.Equal(["nodal region hilar-R", "site 1.2.3/1"], targets.Select(t => t.TreatableRegion).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Topology_has_one_exchange_per_contract_and_kebab_case_endpoint_queues()
    {
        var broker = rabbit.Require();
        var (bus, _) = await StartConsumersAsync(broker.AmqpUri);
        await using var probe = await AmqpProbe.BindAsync(broker.AmqpUri, Ct);
        await PublishAsync(bus, For("1.2.826.0.1.3680043.8.498.105", Assessment(1, Site("1"))));

        // The answer's exchange appears when the consumer first publishes one.
        foreach (var type in new[] { nameof(OligoProgressionAssessed), nameof(SiteReviewCompleted), nameof(ImagingEligibilityAssessed) })
        {
            var deadline = DateTime.UtcNow + Within;
            while (!await probe.ExchangeExistsAsync(AmqpProbe.ExchangeOf(type), Ct))
            {
                Assert.True(DateTime.UtcNow < deadline, $"no exchange for {type}");
                await Task.Delay(200, Ct);
            }
        }

        Assert.False(await probe.ExchangeExistsAsync(AmqpProbe.ExchangeOf(nameof(IVersionedMessage)), Ct));
        Assert.NotNull(await probe.QueueDepthAsync("eligibility", Ct));
        Assert.NotNull(await probe.QueueDepthAsync("sbrt-planning", Ct));
    }
}
