using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImagingPipeline.Worker.Storage;
using ImagingPipeline.Worker.Studies;
using ImagingPipeline.Worker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Host;

[Collection(HostCollection.Name)]
public sealed class HostTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private WorkerFactory Factory(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Storage:Root"] = _root.Path,
            ["Storage:MinimumFreeSpace"] = "0",
            ["Studies:QuietPeriod"] = "00:00:04", // a stall between two stores on a loaded machine must not close the study early
            ["Studies:GracePeriod"] = "00:00:01",
            ["Studies:SweepInterval"] = "00:00:01",
            ["Dicom:Port"] = "0",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new WorkerFactory(settings);
    }

    [Fact]
    public async Task Embedded_default_stores_closes_and_processes_a_study_through_hangfire()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = Factory();
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", ct)).StatusCode);
        var ready = await client.GetAsync("/health/ready", ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        var store = factory.Services.GetRequiredService<InstanceStore>();
        var (study, series) = (Instances.NewUid(), Instances.NewUid());
        for (var i = 0; i < 3; i++)
        {
            var temp = Path.Combine(_root.Path, "push-" + i);
            await File.WriteAllBytesAsync(temp, Instances.Content(1000), ct);
            var outcome = await store.StoreAsync(Instances.Header(study, series, Instances.NewUid()), temp, "SCU", ct);
            Assert.Equal(StoreStatus.Success, outcome.Status);
            File.Delete(temp);
        }

        string? state = null;
        for (var attempt = 0; attempt < 120 && state != StudyState.Published; attempt++)
        {
            await Task.Delay(250, ct);
            var detail = await client.GetFromJsonAsync<JsonElement>($"/api/studies/{study}", ct);
            state = detail.GetProperty("study").GetProperty("state").GetString();
        }

        Assert.Equal(StudyState.Published, state);
        var body = await client.GetFromJsonAsync<JsonElement>($"/api/studies/{study}", ct);
        Assert.Equal(3, body.GetProperty("study").GetProperty("instanceCount").GetInt32());
        Assert.Equal(3, body.GetProperty("series")[0].GetProperty("instanceCount").GetInt32());
        Assert.Equal(5, body.GetProperty("history").GetArrayLength()); // Receiving, Complete, Extracting, Extracted, Published

        var list = await client.GetFromJsonAsync<JsonElement>("/api/studies?patient=PAT-001&state=Published", ct);
        Assert.Equal(1, list.GetProperty("total").GetInt64());
        var none = await client.GetFromJsonAsync<JsonElement>("/api/studies?state=Failed", ct);
        Assert.Equal(0, none.GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/studies?state=Nonsense", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/studies?from=2026-01-01", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/studies/1.2.3", ct)).StatusCode);

        var metrics = await client.GetStringAsync("/metrics", ct);
        Assert.Contains("imagingpipeline_instances_stored_total 3\n", metrics, StringComparison.Ordinal);
        Assert.Contains("imagingpipeline_stored_bytes_total 3000\n", metrics, StringComparison.Ordinal);
        Assert.Contains("imagingpipeline_studies{state=\"Published\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("imagingpipeline_store_latency_seconds_count 3\n", metrics, StringComparison.Ordinal);

        var reprocess = await client.PostAsync($"/api/studies/{study}/reprocess", null, ct);
        Assert.Equal(HttpStatusCode.Accepted, reprocess.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/studies/1.2.3/reprocess", null, ct)).StatusCode);
    }

    [Fact]
    public async Task Ready_reports_the_free_space_reserve()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = Factory(("Storage:MinimumFreeSpace", (long.MaxValue / 2).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var client = factory.CreateClient();
        var ready = await client.GetAsync("/health/ready", ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("Storage:MinimumFreeSpace", await ready.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", ct)).StatusCode);
    }

    [Theory]
    [InlineData("Dicom:AeTitle", "THIS_AE_TITLE_IS_TOO_LONG")]
    [InlineData("Dicom:Port", "70000")]
    [InlineData("Dicom:IdleTimeout", "00:00:00")]
    [InlineData("Dicom:MaxPduLength", "100")]
    [InlineData("Dicom:BindAddress", "not-an-address")]
    [InlineData("Dicom:SourceAddressAllowList:0", "10.0.0.300")]
    [InlineData("Dicom:CallingAeAllowList:0", "BACK\\SLASH")]
    [InlineData("Dicom:TransferSyntaxPreference:0", "1.2.840.10008.1.2.4.50")]
    [InlineData("Dicom:Tls:CertificatePath", "/nonexistent/server.pem")]
    [InlineData("Dicom:StorageCommitment:Peers:PACS", "no-port-here")]
    [InlineData("Studies:QuietPeriod", "-00:00:05")]
    [InlineData("Storage:MinimumFreeSpace", "-1")]
    public async Task Invalid_configuration_stops_start_up_with_a_message_naming_the_key(string key, string value)
    {
        var error = await StartupFailure.ValidationErrorAsync(() =>
        {
            using var factory = Factory((key, value));
            return Task.FromResult(Record.Exception(() => factory.CreateClient()));
        });
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
