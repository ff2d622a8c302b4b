using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ImagingPipeline.Contracts;
using ImagingPipeline.EndToEnd.Tests.Support;
using ImagingPipeline.TestSupport.Environment;
using ImagingPipeline.TestSupport.Phantoms;
using ImagingPipeline.TestSupport.Schemas;
using ImagingPipeline.TestSupport.Servers;
using ImagingPipeline.Worker.Studies;

namespace ImagingPipeline.EndToEnd.Tests;

/// <summary>
/// Delivery on a real RabbitMQ: the worker (PostgreSQL index and Hangfire) publishing, the
/// reference consumers as their own executable, a plain AMQP queue reading what the broker routes.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RabbitMqDeliveryTests(ServersFixture servers, SamplePatientFixture sample) : IClassFixture<SamplePatientFixture>, IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(5);
    private static readonly string[] Bound =
        [nameof(StudyReceived), nameof(ProgressiveSiteIdentified), nameof(OligoProgressionAssessed), nameof(ImagingEligibilityAssessed)];

    private readonly string _root = Directory.CreateTempSubdirectory("ip-e2e-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>How long the broker stays down in the outage test: 30 s, as the acceptance criterion says.</summary>
    private static TimeSpan Outage => TimeSpan.FromSeconds(30);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task An_orthanc_push_arrives_once_per_lesion_with_the_phantoms_truth_and_the_eligibility_consumer_answers()
    {
        var broker = servers.Broker;
        await using var probe = await AmqpProbe.BindAsync(broker.AmqpUri, Ct, Bound);
        await using var consumers = await StartConsumersAsync(broker);
        await using var worker = WorkerHost.Start(_root, await WorkerSettingsAsync(broker));
        await using var orthanc = await OrthancServer.StartAsync("IMAGINGPIPE", worker.DicomPort, Ct);

        await OrthancPush.StudyAsync(orthanc, sample.FilesOf("baseline"), Ct);
        var study = sample.Truth.StudyUids["baseline"];
        await Wait.UntilAsync(() => WorkerHost.StateAsync(worker.Api, study, Ct), s => s == StudyState.Published, Within, "the study being published", Ct);
        var truth = sample.Truth.StructureSet("baseline");
        var received = new List<AmqpMessage>();
        Assert.True(await probe.CollectUntilAsync(received, r => r.Any(m => m.Type == nameof(ImagingEligibilityAssessed)), Within, Ct),
            "no ImagingEligibilityAssessed from the consumers:\n" + consumers.Output);

        // Published: every message of the study was confirmed by the broker before the answer came, so all are here.
        Assert.All(received, m => ContractSchemas.AssertValid(m.Type, m.Message));
        var assessment = Assert.Single(received, m => m.Type == nameof(OligoProgressionAssessed));
        var a = assessment.Message.Deserialize<OligoProgressionAssessed>(JsonSerializerOptions.Web)!;
        Assert.Equal(MessageIds.For(a), assessment.MessageId);
        PhantomAssertions.MatchesTruth(a, truth, sample.Truth.FrameUids["baseline"]);
        var sites = received.Where(m => m.Type == nameof(ProgressiveSiteIdentified)).ToList();
        Assert.Equal(truth.Lesions.Count(), sites.Count);
        Assert.Equal(sites.Count, sites.Select(s => s.MessageId).Distinct().Count());
        Assert.Equal(a.Sites.Select(s => s.SiteId).Order(StringComparer.Ordinal),
            sites.Select(s => s.Message.GetProperty("site").GetProperty("siteId").GetString()!).Order(StringComparer.Ordinal));
        Assert.Single(received, m => m.Type == nameof(StudyReceived));
        var answer = Assert.Single(received, m => m.Type == nameof(ImagingEligibilityAssessed)).Message;
        Assert.Equal(study, answer.GetProperty("studyInstanceUid").GetString());
        Assert.Equal(1, answer.GetProperty("assessmentVersion").GetInt32());
        Assert.Equal("AwaitingReview", answer.GetProperty("imagingCriteria").GetString());
        var worklist = await consumers.Http.GetFromJsonAsync<JsonElement>("/api/worklist", Ct);
        Assert.Equal(0, worklist.GetArrayLength()); // nothing confirmed by a radiotherapist yet
    }

    [Fact]
    public async Task Broker_stopped_before_the_job_runs_and_started_30_s_later_every_message_arrives_once()
    {
        var broker = StoppableBroker();
        await using var probe = await AmqpProbe.BindAsync(broker.AmqpUri, Ct, Bound);
        await using var worker = WorkerHost.Start(_root, await WorkerSettingsAsync(broker));
        await using var orthanc = await OrthancServer.StartAsync("IMAGINGPIPE", worker.DicomPort, Ct);
        var study = sample.Truth.StudyUids["baseline"];

        await broker.StopAsync(Ct);
        try
        {
            await OrthancPush.StudyAsync(orthanc, sample.FilesOf("baseline"), Ct);
            // The job ran and committed its results while the broker was away; nothing can be published.
            await Wait.UntilAsync(() => WorkerHost.StateAsync(worker.Api, study, Ct), s => s == StudyState.Extracted, Within, "the study being extracted", Ct);
            await Task.Delay(Outage, Ct); // the outage itself, not a wait for a result
            Assert.Equal(StudyState.Extracted, await WorkerHost.StateAsync(worker.Api, study, Ct));
        }
        finally
        {
            await broker.StartAsync(Ct);
        }

        await Wait.UntilAsync(() => WorkerHost.StateAsync(worker.Api, study, Ct), s => s == StudyState.Published, Within, "the study being published", Ct);
        await probe.ConnectAsync(Ct);
        var received = await probe.DrainAsync(Ct);
        var expected = ExpectedIds(received, sample.Truth.StructureSet("baseline").Lesions.Count());
        // Delivery is at least once: a confirm lost in the outage makes the relay publish again under the same MessageId.
        Assert.Equal(expected.Order(), received.Select(r => r.MessageId).Distinct().Order());
        Assert.All(received.GroupBy(r => r.MessageId), g => Assert.Single(g.Select(m => m.Message.GetRawText()).Distinct())); // a duplicate is the same message
    }

    [Fact]
    public async Task Worker_killed_between_commit_and_publish_delivers_after_restart_and_the_consumers_act_once()
    {
        var broker = StoppableBroker();
        await using var probe = await AmqpProbe.BindAsync(broker.AmqpUri, Ct, Bound);
        await using var consumers = await StartConsumersAsync(broker);
        var settings = (await WorkerSettingsAsync(broker)).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);
        foreach (var (key, value) in WorkerHost.Settings(Path.Combine(_root, "worker")))
        {
            settings.TryAdd(key, value!);
        }

        settings["Dicom:Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var study = sample.Truth.StudyUids["baseline"];
        await using (var first = await DotnetChild.StartAsync("ImagingPipeline.Worker.dll", settings, "/health/live", Ct))
        {
            await using var orthanc = await OrthancServer.StartAsync("IMAGINGPIPE", int.Parse(settings["Dicom:Port"], CultureInfo.InvariantCulture), Ct);
            await broker.StopAsync(Ct);
            try
            {
                await OrthancPush.StudyAsync(orthanc, sample.FilesOf("baseline"), Ct);
                await Wait.UntilAsync(() => WorkerHost.StateAsync(first.Http, study, Ct), s => s == StudyState.Extracted, Within,
                    "the results being committed", Ct);
                await first.KillAsync(); // SIGKILL after the commit, before anything could be published
            }
            finally
            {
                await broker.StartAsync(Ct);
            }
        }

        await using var restarted = await DotnetChild.StartAsync("ImagingPipeline.Worker.dll", settings, "/health/live", Ct);
        await Wait.UntilAsync(() => WorkerHost.StateAsync(restarted.Http, study, Ct), s => s == StudyState.Published, Within,
            "the restarted worker publishing", Ct);
        await probe.ConnectAsync(Ct);
        var received = new List<AmqpMessage>();
        Assert.True(await probe.CollectUntilAsync(received, r => r.Any(m => m.Type == nameof(ImagingEligibilityAssessed)), Within, Ct),
            "no ImagingEligibilityAssessed from the consumers:\n" + consumers.Output);

        var lesions = sample.Truth.StructureSet("baseline").Lesions.Count();
        var expected = ExpectedIds(received, lesions);
        Assert.Equal(expected.Order(), received.Select(r => r.MessageId).Distinct().Order());
        Assert.All(received.GroupBy(r => r.MessageId), g => Assert.Single(g.Select(m => m.Message.GetRawText()).Distinct())); // a duplicate is the same message
        var answer = Assert.Single(received, m => m.Type == nameof(ImagingEligibilityAssessed)); // the consumer acted once
        Assert.Equal(1, answer.Message.GetProperty("version").GetInt32());
    }

    /// <summary>StudyReceived, one ProgressiveSiteIdentified per lesion and the OligoProgressionAssessed of version 1, by their derived ids (and any answer received).</summary>
    private List<Guid> ExpectedIds(List<AmqpMessage> received, int lesions)
    {
        var study = sample.Truth.StudyUids["baseline"];
        var assessment = received.First(m => m.Type == nameof(OligoProgressionAssessed)).Message.Deserialize<OligoProgressionAssessed>(JsonSerializerOptions.Web)!;
        Assert.Equal(lesions, assessment.Sites.Count);
        return
        [
            MessageIds.For(nameof(StudyReceived), study, 1),
            MessageIds.For(assessment),
            .. assessment.Sites.Select(s => MessageIds.For(nameof(ProgressiveSiteIdentified), study, 1, s.SiteId)),
            .. received.Where(m => m.Type == nameof(ImagingEligibilityAssessed)).Select(m => m.MessageId).Distinct(),
        ];
    }

    private RabbitMqServer StoppableBroker()
    {
        var broker = servers.Broker;
        if (!broker.CanStopAndStart)
        {
            Requirements.Unavailable("the broker from the environment cannot be stopped by a test");
        }

        return broker;
    }

    private async Task<Dictionary<string, string?>> WorkerSettingsAsync(RabbitMqServer broker) => new(StringComparer.Ordinal)
    {
        ["ConnectionStrings:RabbitMq"] = broker.AmqpUri.ToString(),
        ["ConnectionStrings:Postgres"] = await servers.DatabaseAsync(),
    };

    private async Task<DotnetChild> StartConsumersAsync(RabbitMqServer broker) =>
        await DotnetChild.StartAsync("ImagingPipeline.Consumers.dll", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings:RabbitMq"] = broker.AmqpUri.ToString(),
            ["ConnectionStrings:Postgres"] = await servers.DatabaseAsync(),
        }, "/health/ready", Ct); // ready: its queues are bound, so nothing the worker publishes passes them by
}
