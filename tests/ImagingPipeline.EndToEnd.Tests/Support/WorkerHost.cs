using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ImagingPipeline.Worker.Dicom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ImagingPipeline.EndToEnd.Tests.Support;

/// <summary>
/// The worker host in this process (WebApplicationFactory) with the test's settings on top of a
/// store in a temp folder, an ephemeral DICOM port and short study timings: the quiet period of
/// <see cref="QuietPeriod"/>, a whole study closing after one second.
/// </summary>
internal sealed class WorkerHost : WebApplicationFactory<Program>
{
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(4);

    private readonly Dictionary<string, string?> _settings;

    private WorkerHost(Dictionary<string, string?> settings) => _settings = settings;

    public string Root => _settings["Storage:Root"]!;

    /// <summary>The port the DICOM listener bound.</summary>
    public int DicomPort => Services.GetRequiredService<DicomListenerService>().LocalEndPoint.Port;

    public HttpClient Api { get; private set; } = null!;

    /// <summary>Starts the worker: embedded (SQLite, in-memory bus) unless <paramref name="extra"/> names a PostgreSQL or RabbitMQ connection.</summary>
    public static WorkerHost Start(string root, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = Settings(root);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var host = new WorkerHost(settings);
        host.Api = host.CreateClient();
        return host;
    }

    /// <summary>The settings every worker of these tests runs with.</summary>
    public static Dictionary<string, string?> Settings(string root) => new(StringComparer.Ordinal)
    {
        ["Storage:Root"] = root,
        ["Storage:MinimumFreeSpace"] = "0",
        ["Storage:Fsync"] = "false",
        ["Dicom:Port"] = "0",
        ["Studies:QuietPeriod"] = QuietPeriod.ToString("c", CultureInfo.InvariantCulture),
        ["Studies:GracePeriod"] = "00:00:01",
        ["Studies:SweepInterval"] = "00:00:01",
        ["Outbox:PollInterval"] = "00:00:00.200",
        ["Outbox:MaxBackoff"] = "00:00:04",
        // A confirm slower than the timeout is published again (same MessageId): keep it well above a loaded machine's latency.
        ["Outbox:PublishTimeout"] = "00:00:20",
        ["Outbox:ClaimLease"] = "00:01:00",
    };

    /// <summary>The study's state from GET /api/studies/{uid}, or null when it is not in the index yet.</summary>
    public static async Task<string?> StateAsync(HttpClient api, string studyUid, CancellationToken ct)
    {
        using var response = await api.GetAsync(new Uri($"/api/studies/{studyUid}", UriKind.Relative), ct);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("study").GetProperty("state").GetString()
            : null;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
