using System.Diagnostics;
using System.Net;
using ImagingPipeline.TestSupport.Environment;

namespace ImagingPipeline.Worker.Tests.Support;

/// <summary>The worker as a child process on free loopback ports (so a test can kill -9 it).</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private WorkerProcess(Process process, int httpPort, int dicomPort)
    {
        _process = process;
        HttpPort = httpPort;
        DicomPort = dicomPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int HttpPort { get; }
    public int ProcessId => _process.Id;
    public int DicomPort { get; }
    public HttpClient Http { get; }
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the worker with <paramref name="settings"/> (configuration keys) and waits until /health/ready answers 200.</summary>
    public static async Task<WorkerProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken ct)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ImagingPipeline.Worker.dll");
        var (httpPort, dicomPort) = (FreePort.Next(), FreePort.Next());
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(dll);
        info.Environment["Urls"] = $"http://127.0.0.1:{httpPort}";
        info.Environment["Dicom__Port"] = dicomPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("the worker did not start");
        var worker = new WorkerProcess(process, httpPort, dicomPort);
        process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var attempt = 0; attempt < 240; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the worker exited with {process.ExitCode}:\n{worker.Output}");
            }

            try
            {
                using var ready = await worker.Http.GetAsync("/health/ready", ct);
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return worker;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250, ct);
        }

        await worker.DisposeAsync();
        throw new TimeoutException($"the worker was not ready within 60 s:\n{worker.Output}");
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Http.Dispose();
        _process.Dispose();
    }
}
