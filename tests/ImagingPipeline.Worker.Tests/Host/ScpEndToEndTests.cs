using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ImagingPipeline.TestSupport.Environment;
using ImagingPipeline.Worker.Dicom;
using ImagingPipeline.Worker.Studies;
using ImagingPipeline.Worker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Host;

[Collection(HostCollection.Name)]
public sealed class ScpEndToEndTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly TempDirectory _files = new();

    public void Dispose()
    {
        _root.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task Storescu_push_is_stored_indexed_closed_and_processed_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var storescu = Requirements.Tool("storescu");
        await using var factory = new WorkerFactory(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Storage:Root"] = _root.Path,
            ["Storage:MinimumFreeSpace"] = "0",
            ["Studies:QuietPeriod"] = "00:00:04", // a stall between two stores on a loaded machine must not close the study early
            ["Studies:GracePeriod"] = "00:00:01",
            ["Studies:SweepInterval"] = "00:00:01",
            ["Dicom:Port"] = "0",
        });
        using var client = factory.CreateClient();
        var port = factory.Services.GetRequiredService<DicomListenerService>().LocalEndPoint.Port;

        var (study, series) = (Instances.NewUid(), Instances.NewUid());
        var sops = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var sop = Instances.NewUid();
            sops.Add(sop);
            var dataset = Part10.ExplicitDataset(
                (0x0008, 0x0016, "UI", Instances.Ct), (0x0008, 0x0018, "UI", sop), (0x0008, 0x0060, "CS", "CT"),
                (0x0010, 0x0020, "LO", "E2E-1"), (0x0020, 0x000D, "UI", study), (0x0020, 0x000E, "UI", series));
            await File.WriteAllBytesAsync(Path.Combine(_files.Path, $"ct{i}.dcm"),
                Part10.Wrap(dataset, Instances.Ct, sop, Part10.ExplicitLittleEndian), ct);
        }

        var info = new ProcessStartInfo(storescu) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-aec", "IMAGINGPIPE", "-aet", "E2ESCU", "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(a);
        }

        foreach (var f in Directory.GetFiles(_files.Path))
        {
            info.ArgumentList.Add(f);
        }

        using (var process = Process.Start(info)!)
        {
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            Assert.True(process.ExitCode == 0, await stderr);
        }

        foreach (var sop in sops)
        {
            Assert.True(File.Exists(Path.Combine(_root.Path, study, series, sop + ".dcm")));
        }

        string? state = null;
        for (var attempt = 0; attempt < 120 && state != StudyState.Published; attempt++)
        {
            await Task.Delay(250, ct);
            var detail = await client.GetFromJsonAsync<JsonElement>($"/api/studies/{study}", ct);
            state = detail.GetProperty("study").GetProperty("state").GetString();
        }

        Assert.Equal(StudyState.Published, state);
        var index = factory.Services.GetRequiredService<Index.StudyIndex>();
        Assert.Equal(1, await index.CountProcessedAsync(study, ct));
        var metrics = await client.GetStringAsync("/metrics", ct);
        Assert.Contains("imagingpipeline_instances_stored_total 5\n", metrics, StringComparison.Ordinal);
        Assert.Contains("imagingpipeline_associations_total 1\n", metrics, StringComparison.Ordinal);
    }
}
