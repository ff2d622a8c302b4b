using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using ImagingPipeline.TestSupport.Environment;

namespace ImagingPipeline.Fuzz.Tests;

/// <summary>
/// One bounded afl-fuzz run of a harness: a copy of the harness's build output in a temp folder, its toolkit
/// assemblies instrumented there with the repository's local SharpFuzz tool (the normal build output stays
/// uninstrumented), afl-fuzz for a number of seconds, and the figures of its fuzzer_stats.
/// </summary>
internal sealed class AflRun : IDisposable
{
    private static readonly string[] Instrumented = ["ImagingPipeline.Dicom.dll", "ImagingPipeline.Extraction.dll"];

    private AflRun(string folder) => Folder = folder;

    /// <summary>The temp folder: bin/ (instrumented copy) and out/ (afl-fuzz's output).</summary>
    public string Folder { get; }

    public IReadOnlyDictionary<string, string> Stats { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Crashes { get; private set; } = [];

    public IReadOnlyList<string> Hangs { get; private set; } = [];

    public string Log { get; private set; } = "";

    /// <summary>Kept when the run found something, so the inputs named in the failure can be read.</summary>
    public bool Keep { get; set; }

    public long Stat(string name) =>
        Stats.TryGetValue(name, out var value) ? long.Parse(value, CultureInfo.InvariantCulture) : -1;

    public static async Task<AflRun> StartAsync(string aflFuzz, string harness, int seconds, CancellationToken ct)
    {
        var root = RepositoryPaths.RepositoryRoot;
        var build = HarnessBuildOutput();
        var run = new AflRun(Directory.CreateTempSubdirectory($"imagingpipeline-fuzz-{harness}-").FullName);
        try
        {
            var bin = Path.Combine(run.Folder, "bin");
            CopyFolder(build, bin);
            foreach (var dll in Instrumented)
            {
                var instrument = await RunAsync("dotnet", ["tool", "run", "sharpfuzz", Path.Combine(bin, dll)], root, [], ct).ConfigureAwait(false);
                if (instrument.ExitCode != 0)
                {
                    throw new InvalidOperationException($"sharpfuzz failed on {dll}: {instrument.StandardError}{instrument.StandardOutput}");
                }
            }

            var output = Path.Combine(run.Folder, "out");
            string[] args =
            [
                "-i", Path.Combine(root, "fuzz", "corpus", harness), "-o", output,
                "-x", Path.Combine(root, "fuzz", "dictionaries", harness + ".dict"), "-t", HangMilliseconds, "-m", "none",
                "-V", seconds.ToString(CultureInfo.InvariantCulture), "--", "dotnet", Path.Combine(bin, "ImagingPipeline.Fuzz.dll"), harness,
            ];
            // The harness's own temp files go into the run's folder, which is deleted with it.
            var temp = Directory.CreateDirectory(Path.Combine(run.Folder, "tmp")).FullName;
            var fuzz = await RunAsync(aflFuzz, args, root, [.. AflEnvironment, ("TMPDIR", temp)], ct).ConfigureAwait(false);
            run.Log = fuzz.StandardOutput + fuzz.StandardError;
            var stats = Path.Combine(output, "default", "fuzzer_stats");
            if (fuzz.ExitCode != 0 || !File.Exists(stats))
            {
                run.Keep = true;
                throw new InvalidOperationException($"afl-fuzz exited with {fuzz.ExitCode} without statistics (kept {run.Folder}):\n{Tail(run.Log)}");
            }

            run.Stats = File.ReadLines(stats)
                .Select(line => line.Split(':', 2))
                .Where(parts => parts.Length == 2)
                .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.Ordinal);
            run.Crashes = Findings(output, "crashes");
            run.Hangs = Findings(output, "hangs");
            run.Keep = run.Crashes.Count + run.Hangs.Count > 0;
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    /// <summary>An input running longer is a hang. Twice run.sh's 5 s: the test suite runs other test projects
    /// beside this one on a small machine, and a slow input there is not a hang.</summary>
    private const string HangMilliseconds = "10000";

    /// <summary>afl-fuzz's settings for a managed target (see fuzz/run.sh for why each is set).</summary>
    private static readonly (string Name, string Value)[] AflEnvironment =
    [
        ("AFL_SKIP_BIN_CHECK", "1"), ("AFL_NO_UI", "1"), ("AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES", "1"), ("AFL_SKIP_CPUFREQ", "1"),
        ("AFL_NO_AFFINITY", "1"), ("AFL_FORKSRV_INIT_TMOUT", "60000"),
    ];

    /// <summary>The harness built with the configuration of these tests (the solution build puts it there).</summary>
    internal static string HarnessBuildOutput()
    {
        var configuration = typeof(AflRun).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var folder = Path.Combine(RepositoryPaths.RepositoryRoot, "fuzz", "ImagingPipeline.Fuzz", "bin", configuration, "net10.0");
        if (!File.Exists(Path.Combine(folder, "ImagingPipeline.Fuzz.dll")))
        {
            throw new InvalidOperationException($"the harness is not built at {folder}: build ImagingPipeline.sln -c {configuration} first");
        }

        return folder;
    }

    /// <summary>Restores the repository's local tools (.config/dotnet-tools.json); false when SharpFuzz cannot be had.</summary>
    public static async Task<string?> RestoreSharpFuzzAsync(CancellationToken ct)
    {
        var root = RepositoryPaths.RepositoryRoot;
        var restore = await RunAsync("dotnet", ["tool", "restore"], root, [], ct).ConfigureAwait(false);
        if (restore.ExitCode != 0)
        {
            return $"dotnet tool restore failed: {restore.StandardError}{restore.StandardOutput}";
        }

        var probe = await RunAsync("dotnet", ["tool", "run", "sharpfuzz"], root, [], ct).ConfigureAwait(false);
        return probe.ExitCode == 0 ? null : $"the sharpfuzz tool does not run: {probe.StandardError}{probe.StandardOutput}";
    }

    private static List<string> Findings(string output, string kind)
    {
        var folder = Path.Combine(output, "default", kind);
        return Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "id:*").Order(StringComparer.Ordinal)]
            : [];
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    private static async Task<ToolResult> RunAsync(string file, IEnumerable<string> args, string workingDirectory,
        IEnumerable<(string Name, string Value)> environment, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ToolResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    public void Dispose()
    {
        if (!Keep)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A child still holding a file: the temp folder is cleaned by the system later.
            }
        }
    }
}
