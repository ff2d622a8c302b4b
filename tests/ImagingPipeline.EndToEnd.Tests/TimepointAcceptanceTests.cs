using System.Text.Json;
using ImagingPipeline.Contracts;
using ImagingPipeline.EndToEnd.Tests.Support;
using ImagingPipeline.TestSupport.Phantoms;
using ImagingPipeline.TestSupport.Schemas;
using ImagingPipeline.TestSupport.Servers;
using ImagingPipeline.Worker.Studies;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace ImagingPipeline.EndToEnd.Tests;

/// <summary>
/// Issue 10 acceptance with the embedded default: a patient's baseline, follow-up PET/CT and
/// planning study arrive as three associations in different orders; the final follow-up
/// assessment has SUV from the follow-up PET reached through the registration, planning-frame
/// centroids and progression against the baseline, and the versions in between supersede each other.
/// </summary>
public sealed class EmbeddedTimepointTests(SamplePatientFixture sample) : IClassFixture<SamplePatientFixture>, IDisposable
{
    public static readonly TheoryData<string> Orders = new("baseline followup planning", "planning followup baseline", "followup planning baseline");

    private readonly string _root = Directory.CreateTempSubdirectory("ip-e2e-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Three_associations_in_any_order_end_in_the_truth(string order)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var worker = WorkerHost.Start(_root);
        await using var probe = await BusProbe.ConnectAsync(worker.Services.GetRequiredService<IReceiveEndpointConnector>(), ct);
        await SampleTimepoints.PushInOrderAndCheckAsync(worker, sample, order,
            _ => Task.FromResult<IReadOnlyList<OligoProgressionAssessed>>([.. probe.Of<OligoProgressionAssessed>().Select(m => m.Message)]), ct);
    }
}

/// <summary>Issue 10 acceptance with PostgreSQL and RabbitMQ, the assessments read from the broker with plain AMQP.</summary>
[Collection(ServersCollection.Name)]
public sealed class RabbitMqTimepointTests(ServersFixture servers, SamplePatientFixture sample) : IClassFixture<SamplePatientFixture>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ip-e2e-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [MemberData(nameof(EmbeddedTimepointTests.Orders), MemberType = typeof(EmbeddedTimepointTests))]
    public async Task Three_associations_in_any_order_end_in_the_truth(string order)
    {
        var ct = TestContext.Current.CancellationToken;
        var broker = servers.Broker;
        await using var probe = await AmqpProbe.BindAsync(broker.AmqpUri, ct, nameof(OligoProgressionAssessed));
        await using var worker = WorkerHost.Start(_root, new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = broker.AmqpUri.ToString(),
            ["ConnectionStrings:Postgres"] = await servers.DatabaseAsync(),
        });
        var received = new List<AmqpMessage>();
        await SampleTimepoints.PushInOrderAndCheckAsync(worker, sample, order, async token =>
        {
            received.AddRange(await probe.DrainAsync(token));
            return [.. received.Select(m =>
            {
                ContractSchemas.AssertValid(m.Type, m.Message);
                var a = m.Message.Deserialize<OligoProgressionAssessed>(JsonSerializerOptions.Web)!;
                Assert.Equal(MessageIds.For(a), m.MessageId);
                return a;
            })];
        }, ct);
    }

    [Fact]
    public async Task A_late_registration_reopens_the_planning_study_and_its_messages_supersede_the_earlier_version()
    {
        var ct = TestContext.Current.CancellationToken;
        var broker = servers.Broker;
        await using var probe = await AmqpProbe.BindAsync(broker.AmqpUri, ct, nameof(StudyReceived), nameof(OligoProgressionAssessed));
        await using var worker = WorkerHost.Start(_root, new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = broker.AmqpUri.ToString(),
            ["ConnectionStrings:Postgres"] = await servers.DatabaseAsync(),
        });
        await using var orthanc = await OrthancServer.StartAsync("IMAGINGPIPE", worker.DicomPort, ct);
        var planning = sample.Truth.StudyUids["planning"];
        var registration = Assert.Single(sample.FilesOf("planning"), f => f.Contains("/REG", StringComparison.Ordinal));
        foreach (var (key, files) in new[]
        {
            ("followup", sample.FilesOf("followup")),
            ("planning", sample.FilesOf("planning").Where(f => f != registration).ToList()),
            ("planning", (IReadOnlyList<string>)[registration]), // the late instance: a second association
        })
        {
            await OrthancPush.StudyAsync(orthanc, files, ct);
            await Wait.UntilAsync(() => WorkerHost.StateAsync(worker.Api, sample.Truth.StudyUids[key], ct), s => s == StudyState.Published,
                SampleTimepoints.Within, $"the {key} study being published", ct);
        }

        var received = new List<AmqpMessage>();
        Assert.True(await probe.CollectUntilAsync(received, r => r.Count(m => m.Type == nameof(OligoProgressionAssessed)) >= 2, SampleTimepoints.Within, ct));
        var planningReceived = received.Where(m => m.Type == nameof(StudyReceived) && m.Message.GetProperty("studyInstanceUid").GetString() == planning)
            .Select(m => m.Message.GetProperty("version").GetInt32()).Order().ToList();
        Assert.Equal([1, 2], planningReceived); // the late instance reopened the study: version 2
        var versions = received.Where(m => m.Type == nameof(OligoProgressionAssessed))
            .Select(m => m.Message.Deserialize<OligoProgressionAssessed>(JsonSerializerOptions.Web)!).OrderBy(a => a.Version).ToList();
        Assert.Equal(2, versions.Count);
        Assert.Equal(versions[0].StudyInstanceUid, versions[1].StudyInstanceUid);
        Assert.Null(versions[0].SupersedesVersion);
        Assert.Equal(1, versions[1].SupersedesVersion);
        Assert.All(versions[0].Sites, site => Assert.Null(site.SuvMax)); // the PET was out of reach without the registration
        Assert.All(versions[1].Sites, site => Assert.NotNull(site.SuvMax));
    }
}
