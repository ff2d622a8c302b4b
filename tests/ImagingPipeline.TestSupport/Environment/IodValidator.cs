using System.Collections.Concurrent;

namespace ImagingPipeline.TestSupport.Environment;

/// <summary>Runs dicom3tools' dciodvfy over files and collects its "Error" lines (warnings are not errors).</summary>
public static class IodValidator
{
    /// <summary>
    /// The errors dciodvfy reports, as "relative/path: Error - …", sorted. A missing dciodvfy skips the
    /// test locally and fails it under CI=true.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ErrorsAsync(IEnumerable<string> files, string relativeTo, CancellationToken cancellationToken)
    {
        var dciodvfy = Requirements.Tool("dciodvfy", "/usr/bin/dciodvfy");
        var errors = new ConcurrentBag<string>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(files, options, async (file, ct) =>
        {
            var run = await ExternalTool.RunAsync(dciodvfy, [file], ct).ConfigureAwait(false);
            foreach (var line in (run.StandardOutput + "\n" + run.StandardError).Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)))
            {
                errors.Add($"{Path.GetRelativePath(relativeTo, file)}: {line.TrimEnd()}");
            }
        }).ConfigureAwait(false);
        return [.. errors.Order(StringComparer.Ordinal)];
    }
}
