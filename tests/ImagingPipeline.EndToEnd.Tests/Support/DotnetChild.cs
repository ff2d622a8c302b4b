using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using ImagingPipeline.TestSupport.Environment;

namespace ImagingPipeline.EndToEnd.Tests.Support;

/// <summary>
/// One of the solution's hosts (ImagingPipeline.Worker.dll, ImagingPipeline.Consumers.dll from the
/// test's output folder) as a child process on a free loopback HTTP port, configured by environment
/// variables, so a test can kill -9 it.
/// </summary>
internal sealed class DotnetChild : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DotnetChild(Process process, int httpPort)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}"), Timeout = TimeSpan.FromSeconds(10) };
    }

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

    /// <summary>Starts <paramref name="assembly"/> with <paramref name="settings"/> (configuration keys) and waits until <paramref name="readyPath"/> answers 200.</summary>
    public static async Task<DotnetChild> StartAsync(string assembly, IReadOnlyDictionary<string, string> settings, string readyPath, CancellationToken ct)
    {
        var httpPort = FreePort.Next();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        info.Environment["Urls"] = $"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var child = new DotnetChild(Process.Start(info) ?? throw new InvalidOperationException($"{assembly} did not start"), httpPort);
        child._process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (child._process.HasExited)
            {
                throw new InvalidOperationException($"{assembly} exited with {child._process.ExitCode}:\n{child.Output}");
            }

            try
            {
                using var ready = await child.Http.GetAsync(new Uri(readyPath, UriKind.Relative), ct);
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return child;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // a slow answer while starting
            }

            await Task.Delay(250, ct);
        }

        await child.DisposeAsync();
        throw new TimeoutException($"{assembly} was not ready within 90 s:\n{child.Output}");
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
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Http.Dispose();
        _process.Dispose();
    }
}
