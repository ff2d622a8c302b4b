using System.Diagnostics;

namespace ImagingPipeline.TestSupport.Environment;

/// <summary>Runs a command-line tool (DCMTK, python3 …) to completion and captures what it printed.</summary>
public static class ExternalTool
{
    /// <summary>The exit code, standard output and standard error of <paramref name="path"/> run with <paramref name="args"/>.</summary>
    public static async Task<ToolResult> RunAsync(string path, IEnumerable<string> args, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{path} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ToolResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
