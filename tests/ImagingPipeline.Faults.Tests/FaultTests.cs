using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ImagingPipeline.Contracts;
using ImagingPipeline.EndToEnd.Tests.Support;
using ImagingPipeline.TestSupport.Environment;
using ImagingPipeline.TestSupport.Phantoms;
using ImagingPipeline.TestSupport.Servers;
using ImagingPipeline.Worker.Studies;
using Npgsql;

namespace ImagingPipeline.Faults.Tests;

/// <summary>
/// The hardening issue's faults and load: many associations pushing the same study at once, the
/// worker killed with SIGKILL at random points of push, extraction and publishing, PostgreSQL and
/// RabbitMQ stopped under a running worker, and no patient identifiers in its Information log.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class FaultTests(ServersFixture servers) : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(5);
    private static readonly string[] Bound = [nameof(StudyReceived), nameof(ProgressiveSiteIdentified), nameof(OligoProgressionAssessed)];

    private readonly string _root = Directory.CreateTempSubdirectory("ip-faults-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Kill rounds: 20 as the issue says; IMAGINGPIPELINE_TEST_KILL_ROUNDS changes it for a longer soak.</summary>
    private static int KillRounds => int.TryParse(System.Environment.GetEnvironmentVariable("IMAGINGPIPELINE_TEST_KILL_ROUNDS"), out var n) ? n : 20;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("embedded")]
    [InlineData("postgres")]
    public async Task Twenty_associations_pushing_the_same_50_instance_study_five_times_each_leave_one_study_of_50_instances(string index)
    {
        var (truth, files) = SmallPatient.Write(new SmallPatient.Identity("LOAD-1", "LOAD^ONE", new DateOnly(1950, 1, 1)), "faults/load", Path.Combine(_root, "study"));
        var study = truth.StudyUids[SmallPatient.StudyKey];
        var extra = new Dictionary<string, string?>(StringComparer.Ordinal) { ["Studies:QuietPeriod"] = "00:00:06" };
        if (index == "postgres")
        {
            extra["ConnectionStrings:Postgres"] = await servers.DatabaseAsync();
        }

        await using var worker = WorkerHost.Start(Path.Combine(_root, "store"), extra);
        var pushes = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            var results = new List<Dicom.Network.DicomSendResult>();
            for (var round = 0; round < 5; round++)
            {
                results.AddRange(await ScuPush.AssociationAsync(worker.DicomPort, files, Ct));
            }

            return results;
        }, Ct)).ToList();
        var all = (await Task.WhenAll(pushes)).SelectMany(r => r).ToList();

        Assert.Equal(20 * 5 * SmallPatient.InstanceCount, all.Count);
        var failures = all.Where(r => !r.Succeeded).Select(r => $"{r.SopInstanceUid}: {r.Status?.ToString("X4", CultureInfo.InvariantCulture)} {r.Error}").ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} C-STOREs failed:\n{string.Join('\n', failures.Take(20))}");

        await Wait.UntilAsync(() => WorkerHost.StateAsync(worker.Api, study, Ct), s => s == StudyState.Published, Within, "the study being published", Ct);
        var detail = JsonDocument.Parse(await worker.Api.GetStringAsync(new Uri($"/api/studies/{study}", UriKind.Relative), Ct)).RootElement;
        Assert.Equal(SmallPatient.InstanceCount, detail.GetProperty("study").GetProperty("instanceCount").GetInt32());
        var studies = JsonDocument.Parse(await worker.Api.GetStringAsync(new Uri("/api/studies?patient=LOAD-1", UriKind.Relative), Ct)).RootElement;
        Assert.Equal(1, studies.GetProperty("total").GetInt64());
        var stored = Directory.GetFiles(Path.Combine(worker.Root, study), "*.dcm", SearchOption.AllDirectories);
        Assert.Equal(SmallPatient.InstanceCount, stored.Length);
        var history = detail.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("to").GetString()).ToList();
        Assert.Equal(1, history.Count(s => s == StudyState.Extracted)); // processed once: no duplicate reopened it
    }

    [Fact]
    public async Task Kill_9_at_random_points_of_push_extraction_and_publishing_loses_no_acknowledged_instance_and_no_message()
    {
        var broker = servers.Broker;
        var database = await servers.DatabaseAsync();
        await using var probe = await AmqpProbe.BindAsync(broker.AmqpUri, Ct, Bound);
        var seed = int.TryParse(System.Environment.GetEnvironmentVariable("IMAGINGPIPELINE_TEST_KILL_SEED"), out var s) ? s : Random.Shared.Next();
        var random = new Random(seed);
        var store = Path.Combine(_root, "store");
        var settings = ProcessSettings(store, database, broker.AmqpUri);
        var port = int.Parse(settings["Dicom:Port"], CultureInfo.InvariantCulture);
        var patients = Enumerable.Range(0, KillRounds)
            .Select(i => SmallPatient.Write(Identity(i), $"faults/kill/{i}", Path.Combine(_root, "patients", i.ToString(CultureInfo.InvariantCulture))))
            .ToList();

        var acknowledged = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var logs = new StringBuilder();
        var interrupted = new List<IReadOnlyList<string>>();
        var killedAfter = new List<string>();
        var phases = new List<string>();
        for (var round = 0; round < KillRounds; round++)
        {
            var resend = interrupted.SelectMany(f => f).ToList();
            interrupted.Clear();
            var files = patients[round].Files;
            var delay = TimeSpan.FromMilliseconds(random.Next(100, 4500));
            await using (var worker = await DotnetChild.StartAsync("ImagingPipeline.Worker.dll", settings, "/health/ready", Ct))
            {
                // A PACS resends what it could not finish, then the next study; the kill lands anywhere in
                // the push, the quiet period, the extraction or the publishing of what came before.
                var push = Task.Run(() => ScuPush.OneByOneAsync(port, [.. resend, .. files], acknowledged, Ct), Ct);
                await Task.Delay(delay, Ct);
                var state = await StateOrNoneAsync(worker, patients[round].Truth.StudyUids[SmallPatient.StudyKey]);
                await worker.KillAsync();
                var sent = await push;
                phases.Add(sent < resend.Count + files.Count ? "push" : state);
                killedAfter.Add($"round {round}: killed after {delay.TotalMilliseconds:F0} ms in {phases[^1]}, {sent} of {resend.Count + files.Count} acknowledged");
                logs.AppendLine(worker.Output);
                if (sent < resend.Count + files.Count)
                {
                    interrupted.Add([.. resend, .. files]);
                }
            }

            await AssertAcknowledgedAreStoredAsync(database, store, acknowledged, $"seed {seed}, {killedAfter[^1]}");
        }

        await using (var last = await DotnetChild.StartAsync("ImagingPipeline.Worker.dll", settings, "/health/ready", Ct))
        {
            var rest = interrupted.SelectMany(f => f).ToList();
            Assert.Equal(rest.Count, await ScuPush.OneByOneAsync(port, rest, acknowledged, Ct));
            try
            {
                foreach (var (truth, _) in patients)
                {
                    var uid = truth.StudyUids[SmallPatient.StudyKey];
                    await Wait.UntilAsync(() => WorkerHost.StateAsync(last.Http, uid, Ct), state => state == StudyState.Published, Within,
                        $"study {uid} being published (seed {seed})\n{string.Join('\n', killedAfter)}", Ct);
                }

                // A superseded version's rows that a killed relay had claimed wait for their lease (Outbox:ClaimLease) to
                // run out, so they may still be unsent when every current version is published.
                await Wait.UntilAsync(() => OutboxAsync(database), rows => rows.Values.All(row => row.Sent), Within,
                    $"every outbox row sent (seed {seed})", Ct);
            }
            catch (Xunit.Sdk.XunitException e)
            {
                var output = last.Output;
                Assert.Fail($"{e.Message}\nthe last worker's output (tail):\n{output[Math.Max(0, output.Length - 6000)..]}");
            }

            logs.AppendLine(last.Output);
        }

        await AssertAcknowledgedAreStoredAsync(database, store, acknowledged, $"seed {seed}, at the end");
        Assert.Equal(KillRounds * SmallPatient.InstanceCount, acknowledged.Count);

        // Every message the worker committed to its outbox reached the broker; nothing else did; a
        // message delivered twice is the same message under the same MessageId.
        var outbox = await OutboxAsync(database);
        Assert.All(outbox.Values, row => Assert.True(row.Sent, "an outbox row not marked sent"));
        var received = new List<AmqpMessage>();
        var complete = await probe.CollectUntilAsync(received, EveryOneOf(outbox), Within, Ct);
        var missing = outbox.Keys.Except(received.Select(m => m.MessageId)).ToList();
        Assert.True(complete, $"{missing.Count} of {outbox.Count} committed messages never arrived (seed {seed}): {string.Join(", ", missing.Take(10))}");
        Assert.Empty(received.Select(m => m.MessageId).Except(outbox.Keys));
        foreach (var group in received.GroupBy(m => m.MessageId))
        {
            Assert.Single(group.Select(m => m.Message.GetRawText()).Distinct(StringComparer.Ordinal));
            Assert.Equal(outbox[group.Key].Type, group.First().Type);
        }

        foreach (var (truth, _) in patients)
        {
            var uid = truth.StudyUids[SmallPatient.StudyKey];
            Assert.Contains(received, m => m.Type == nameof(OligoProgressionAssessed) && m.Message.GetProperty("studyInstanceUid").GetString() == uid);
        }

        LogScan.AssertNoPatientIdentifiers(logs.ToString(), patients.Select((_, i) => Identity(i)));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"seed {seed}; {KillRounds} kills: {string.Join(", ", phases.GroupBy(p => p).Select(g => $"{g.Count()} in {g.Key}"))}; "
            + $"{acknowledged.Count} instances acknowledged, all stored; {outbox.Count} messages committed, {received.Count} deliveries, "
            + $"{received.Count - outbox.Count} duplicates (same MessageId and body)\n{string.Join('\n', killedAfter)}");
    }

    /// <summary>The study's state as the worker reports it just before the kill ("none" before its first instance is indexed).</summary>
    private static async Task<string> StateOrNoneAsync(DotnetChild worker, string studyUid)
    {
        try
        {
            return await WorkerHost.StateAsync(worker.Http, studyUid, Ct) ?? "none";
        }
        catch (HttpRequestException)
        {
            return "none";
        }
    }

    [Fact]
    public async Task Database_and_broker_stopped_under_a_running_worker_it_recovers_alone_and_health_ready_says_why_meanwhile()
    {
        var broker = servers.Broker;
        if (!broker.CanStopAndStart)
        {
            Requirements.Unavailable("the broker from the environment cannot be stopped by a test");
        }

        var postgres = servers.StoppablePostgres();
        var database = await servers.DatabaseAsync();
        await using var probe = await AmqpProbe.BindAsync(broker.AmqpUri, Ct, Bound);
        var first = SmallPatient.Write(Identity(100), "faults/restart/1", Path.Combine(_root, "p1"));
        var second = SmallPatient.Write(Identity(101), "faults/restart/2", Path.Combine(_root, "p2"));
        var settings = ProcessSettings(Path.Combine(_root, "store"), database, broker.AmqpUri);
        var port = int.Parse(settings["Dicom:Port"], CultureInfo.InvariantCulture);
        await using var worker = await DotnetChild.StartAsync("ImagingPipeline.Worker.dll", settings, "/health/ready", Ct);
        Assert.Equal("Healthy", (await ReadyAsync(worker)).Status);

        // The database goes away: not ready (503, the database check says why) and nothing is acknowledged.
        await postgres.StopServerAsync();
        try
        {
            var down = await Wait.UntilAsync(() => ReadyAsync(worker), r => r.Code == HttpStatusCode.ServiceUnavailable, Within, "/health/ready turning 503", Ct);
            Assert.Equal("Unhealthy", down.Checks["database"]);
            var refused = await ScuPush.AssociationAsync(port, first.Files.Take(3), Ct);
            Assert.All(refused, r => Assert.True(r.Status == 0xA700, $"{r.SopInstanceUid}: {r.Status:X4} {r.Error} while the database was down, not A700 (refused, out of resources: send again)"));
        }
        finally
        {
            await postgres.StartServerAsync();
        }

        await Wait.UntilAsync(() => ReadyAsync(worker), r => r.Code == HttpStatusCode.OK && r.Status == "Healthy", Within, "/health/ready healthy again", Ct);
        var acknowledged = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        Assert.Equal(SmallPatient.InstanceCount, await ScuPush.OneByOneAsync(port, first.Files, acknowledged, Ct));
        var firstUid = first.Truth.StudyUids[SmallPatient.StudyKey];
        await Wait.UntilAsync(() => WorkerHost.StateAsync(worker.Http, firstUid, Ct), s => s == StudyState.Published, Within, "the first study being published", Ct);

        // The broker goes away: still ready to receive (200) but Degraded, the outbox check says publishing fails.
        var secondUid = second.Truth.StudyUids[SmallPatient.StudyKey];
        await broker.StopAsync(Ct);
        try
        {
            Assert.Equal(SmallPatient.InstanceCount, await ScuPush.OneByOneAsync(port, second.Files, acknowledged, Ct));
            await Wait.UntilAsync(() => WorkerHost.StateAsync(worker.Http, secondUid, Ct), s => s == StudyState.Extracted, Within, "the second study being extracted", Ct);
            var degraded = await Wait.UntilAsync(() => ReadyAsync(worker), r => r.Checks["outbox"] == "Degraded", Within, "the outbox check turning Degraded", Ct);
            Assert.True(degraded.Code == HttpStatusCode.OK && degraded.Status == "Degraded", degraded.ToString());
            Assert.Contains("publishing fails", degraded.Descriptions["outbox"], StringComparison.Ordinal);
        }
        finally
        {
            await broker.StartAsync(Ct);
        }

        await Wait.UntilAsync(() => WorkerHost.StateAsync(worker.Http, secondUid, Ct), s => s == StudyState.Published, Within, "the second study being published", Ct);
        await Wait.UntilAsync(() => ReadyAsync(worker), r => r.Code == HttpStatusCode.OK && r.Status == "Healthy", Within, "/health/ready healthy after the broker returned", Ct);

        await probe.ConnectAsync(Ct);
        var received = new List<AmqpMessage>();
        var outbox = await OutboxAsync(database);
        Assert.True(await probe.CollectUntilAsync(received, EveryOneOf(outbox), Within, Ct),
            "not every committed message arrived");
        Assert.Equal(outbox.Keys.Order(), received.Select(m => m.MessageId).Distinct().Order());
        LogScan.AssertNoPatientIdentifiers(worker.Output, [Identity(100), Identity(101)]);
    }

    /// <summary>Distinctive identifiers per patient, so a scan of the logs cannot match anything else.</summary>
    private static SmallPatient.Identity Identity(int i) =>
        new($"PHI-{7100 + i}-QX", $"ZWIRBELMAYR^HILDEGUND{(char)('A' + (i % 26))}", new DateOnly(1931, 7, 1).AddDays(i * 37));

    private static Dictionary<string, string> ProcessSettings(string store, string database, Uri amqp)
    {
        var settings = WorkerHost.Settings(store).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);
        settings.Remove("Storage:Fsync"); // the production default: every instance fsynced before it is acknowledged
        settings["Dicom:Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        settings["ConnectionStrings:Postgres"] = database;
        settings["ConnectionStrings:RabbitMq"] = amqp.ToString();
        settings["Studies:QuietPeriod"] = "00:00:02";
        settings["Studies:ProcessingLease"] = "00:00:15"; // a killed worker's claim on a study is taken over after this
        return settings;
    }

    /// <summary>Every acknowledged instance has its index row and its file, of the recorded size and of the sent data set's size or more.</summary>
    private static async Task AssertAcknowledgedAreStoredAsync(string database, string store, ConcurrentDictionary<string, string> acknowledged, string context)
    {
        var rows = new Dictionary<string, (string Path, long Size)>(StringComparer.Ordinal);
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand("SELECT sop_instance_uid, path, size_bytes FROM instances", connection);
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                rows[reader.GetString(0)] = (reader.GetString(1), reader.GetInt64(2));
            }
        }

        foreach (var sop in acknowledged.Keys)
        {
            Assert.True(rows.TryGetValue(sop, out var row), $"acknowledged instance {sop} is not in the index ({context})");
            var file = new FileInfo(Path.Combine(store, row.Path));
            Assert.True(file.Exists, $"acknowledged instance {sop} has no file at {row.Path} ({context})");
            Assert.Equal(row.Size, file.Length);
        }
    }

    private static async Task<Dictionary<Guid, (string Type, bool Sent)>> OutboxAsync(string database)
    {
        var rows = new Dictionary<Guid, (string, bool)>();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT message_id, message_type, sent_at IS NOT NULL FROM outbox_messages", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows[Guid.Parse(reader.GetString(0))] = (reader.GetString(1), reader.GetBoolean(2));
        }

        return rows;
    }

    /// <summary>Whether what was received holds every message of the outbox.</summary>
    private static Func<IReadOnlyList<AmqpMessage>, bool> EveryOneOf(Dictionary<Guid, (string Type, bool Sent)> outbox) =>
        received => outbox.Keys.All(received.Select(m => m.MessageId).ToHashSet().Contains);

    private sealed record Readiness(HttpStatusCode Code, string Status, Dictionary<string, string> Checks, Dictionary<string, string> Descriptions)
    {
        public override string ToString() => $"{(int)Code} {Status} [{string.Join(", ", Checks.Select(c => $"{c.Key}={c.Value}: {Descriptions[c.Key]}"))}]";
    }

    private static async Task<Readiness> ReadyAsync(DotnetChild worker)
    {
        using var response = await worker.Http.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        var checks = body.GetProperty("checks").EnumerateArray().ToList();
        return new Readiness(response.StatusCode, body.GetProperty("status").GetString()!,
            checks.ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString()!, StringComparer.Ordinal),
            checks.ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("description").GetString() ?? "", StringComparer.Ordinal));
    }
}
