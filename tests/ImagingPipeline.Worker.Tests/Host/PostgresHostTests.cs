using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImagingPipeline.Worker.Storage;
using ImagingPipeline.Worker.Studies;
using ImagingPipeline.Worker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Host;

[Collection(HostCollection.Name)]
public sealed class PostgresHostTests(PostgresFixture postgres) : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Two_hosts_on_one_postgres_and_store_process_a_study_once_through_hangfire()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.DatabaseAsync();
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Storage:Root"] = _root.Path,
            ["Storage:MinimumFreeSpace"] = "0",
            ["Studies:QuietPeriod"] = "00:00:04", // a stall between two stores on a loaded machine must not close the study early
            ["Studies:GracePeriod"] = "00:00:01",
            ["Studies:SweepInterval"] = "00:00:01",
            ["ConnectionStrings:Postgres"] = database,
            ["Dicom:Port"] = "0",
        };
        await using var first = new WorkerFactory(settings);
        await using var second = new WorkerFactory(settings);
        using var client = first.CreateClient();
        using var otherClient = second.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await otherClient.GetAsync("/health/ready", ct)).StatusCode);

        var stores = new[] { first.Services.GetRequiredService<InstanceStore>(), second.Services.GetRequiredService<InstanceStore>() };
        var (study, series) = (Instances.NewUid(), Instances.NewUid());
        for (var i = 0; i < 8; i++)
        {
            var temp = Path.Combine(Path.GetTempPath(), "ip-host-" + Guid.NewGuid().ToString("N"));
            await File.WriteAllBytesAsync(temp, Instances.Content(700), ct);
            var outcome = await stores[i % 2].StoreAsync(Instances.Header(study, series, Instances.NewUid()), temp, "SCU", ct);
            File.Delete(temp);
            Assert.Equal(StoreStatus.Success, outcome.Status);
        }

        string? state = null;
        for (var attempt = 0; attempt < 160 && state != StudyState.Published; attempt++)
        {
            await Task.Delay(250, ct);
            var detail = await otherClient.GetFromJsonAsync<JsonElement>($"/api/studies/{study}", ct);
            state = detail.GetProperty("study").GetProperty("state").GetString();
        }

        Assert.Equal(StudyState.Published, state);
        // Give both hosts' sweeps time to (wrongly) act again, then check the study was processed once.
        await Task.Delay(2500, ct);
        var index = first.Services.GetRequiredService<Index.StudyIndex>();
        Assert.Equal(1, await index.CountProcessedAsync(study, ct));
        var body = await client.GetFromJsonAsync<JsonElement>($"/api/studies/{study}", ct);
        Assert.Equal(8, body.GetProperty("study").GetProperty("instanceCount").GetInt32());
        Assert.Equal(StudyState.Published, body.GetProperty("study").GetProperty("state").GetString());
    }
}
