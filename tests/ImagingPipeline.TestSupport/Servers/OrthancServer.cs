using System.Diagnostics;
using System.Text.Json;
using ImagingPipeline.TestSupport.Environment;

namespace ImagingPipeline.TestSupport.Servers;

/// <summary>
/// A throwaway Orthanc (Debian's /usr/sbin/Orthanc) on free loopback ports with a generated JSON configuration in a
/// temp folder. Its DICOM modality "pipe" points at the SCP the test names; disposed = stopped and deleted.
/// </summary>
public sealed class OrthancServer : IAsyncDisposable
{
    private readonly Process _process;

    private OrthancServer(Process process, string folder, int httpPort, int dicomPort)
    {
        _process = process;
        Folder = folder;
        HttpPort = httpPort;
        DicomPort = dicomPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/") };
    }

    public const string AeTitle = "ORTHANC";
    public string Folder { get; }
    public int HttpPort { get; }
    public int DicomPort { get; }
    public HttpClient Http { get; }

    /// <summary>Starts Orthanc with modality "pipe" = (<paramref name="scpAeTitle"/>, 127.0.0.1, <paramref name="scpPort"/>).</summary>
    public static async Task<OrthancServer> StartAsync(string scpAeTitle, int scpPort, CancellationToken ct)
    {
        var binary = Requirements.Tool("Orthanc", "/usr/sbin/Orthanc");
        var folder = Directory.CreateTempSubdirectory("orthanc-").FullName;
        var httpPort = FreePort.Next();
        var dicomPort = FreePort.Next();
        var config = new Dictionary<string, object>
        {
            ["Name"] = "test",
            ["StorageDirectory"] = Path.Combine(folder, "storage"),
            ["IndexDirectory"] = Path.Combine(folder, "index"),
            ["HttpPort"] = httpPort,
            ["DicomPort"] = dicomPort,
            ["DicomAet"] = AeTitle,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["DicomCheckCalledAet"] = false,
            ["DicomAlwaysAllowStore"] = true,
            ["DicomAlwaysAllowEcho"] = true,
            ["Plugins"] = Array.Empty<string>(),
            ["DicomModalities"] = new Dictionary<string, object> { ["pipe"] = new object[] { scpAeTitle, "127.0.0.1", scpPort } },
        };
        var configPath = Path.Combine(folder, "orthanc.json");
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(config), ct);
        var start = new ProcessStartInfo(binary, [configPath]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new OrthancServer(process, folder, httpPort, dicomPort);
        // As long as the other servers' start-up budgets: a loaded machine can take far more than Orthanc's usual second.
        for (var deadline = DateTime.UtcNow.AddSeconds(90); DateTime.UtcNow < deadline;)
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await server.Http.GetAsync(new Uri("system", UriKind.Relative), ct);
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100, ct);
        }

        await server.DisposeAsync();
        throw new InvalidOperationException($"Orthanc did not start (exit {(process.HasExited ? process.ExitCode : -1)})");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
