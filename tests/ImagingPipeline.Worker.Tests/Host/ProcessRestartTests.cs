using System.Net.Http.Json;
using System.Text.Json;
using ImagingPipeline.Worker.Studies;
using ImagingPipeline.Worker.Tests.Support;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Host;

[Collection(HostCollection.Name)]
public sealed class ProcessRestartTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Killed_worker_restarts_with_files_index_and_study_state_intact()
    {
        var ct = TestContext.Current.CancellationToken;
        var (study, series) = (Instances.NewUid(), Instances.NewUid());
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await using (var h = await WorkerHarness.CreateAsync(_root.Path))
        {
            for (var i = 0; i < 5; i++)
            {
                var sop = Instances.NewUid();
                contents[sop] = Instances.Content(3000);
                Assert.True((await h.PushAsync(Instances.Header(study, series, sop), contents[sop])).IsSuccess);
            }
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage:Root"] = _root.Path,
            ["Storage:MinimumFreeSpace"] = "0",
            ["Studies:QuietPeriod"] = "00:00:02",
            ["Studies:GracePeriod"] = "00:00:01",
            ["Studies:SweepInterval"] = "00:00:01",
        };
        await using (var worker = await WorkerProcess.StartAsync(settings, ct))
        {
            Assert.Equal(StudyState.Published, await WaitForStateAsync(worker, study, StudyState.Published, ct));
            await worker.KillAsync();
        }

        await using var restarted = await WorkerProcess.StartAsync(settings, ct);
        var detail = await restarted.Http.GetFromJsonAsync<JsonElement>($"/api/studies/{study}", ct);
        Assert.Equal(StudyState.Published, detail.GetProperty("study").GetProperty("state").GetString());
        Assert.Equal(5, detail.GetProperty("study").GetProperty("instanceCount").GetInt32());
        Assert.Equal(5, detail.GetProperty("history").GetArrayLength()); // Receiving, Complete, Extracting, Extracted, Published
        foreach (var (sop, content) in contents)
        {
            Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(_root.Path, study, series, sop + ".dcm"), ct));
        }

        await restarted.KillAsync();
        await using var h2 = await WorkerHarness.CreateAsync(_root.Path);
        Assert.Equal(1, await h2.Index.CountProcessedAsync(study, ct));
    }

    internal static async Task<string?> WaitForStateAsync(WorkerProcess worker, string study, string state, CancellationToken ct)
    {
        string? current = null;
        for (var attempt = 0; attempt < 200 && current != state; attempt++)
        {
            await Task.Delay(250, ct);
            var response = await worker.Http.GetAsync($"/api/studies/{study}", ct);
            if (response.IsSuccessStatusCode)
            {
                var detail = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                current = detail.GetProperty("study").GetProperty("state").GetString();
            }
        }

        return current;
    }
}
