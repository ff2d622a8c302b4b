using Xunit;

namespace ImagingPipeline.TestSupport.Environment;

/// <summary>
/// What a test needs from the machine (a server, a tool, a corpus). On a developer's laptop a
/// missing requirement skips the test; under CI=true it fails it, so CI never passes by skipping.
/// </summary>
public static class Requirements
{
    /// <summary>True when running under CI (the CI environment variable is "true" or "1").</summary>
    public static bool IsCi
    {
        get
        {
            var ci = System.Environment.GetEnvironmentVariable("CI");
            return string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase) || ci == "1";
        }
    }

    /// <summary>Skips the test (locally) or fails it (under CI) with <paramref name="reason"/>.</summary>
    public static void Unavailable(string reason)
    {
        if (IsCi)
        {
            Assert.Fail($"Required for this test under CI=true: {reason}");
        }

        Assert.Skip(reason);
    }

    /// <summary>Returns the full path of an executable found on PATH or at one of <paramref name="fallbacks"/>.</summary>
    public static string Tool(string name, params string[] fallbacks)
    {
        var found = FindTool(name, fallbacks);
        if (found is null)
        {
            Unavailable($"the tool '{name}' is not installed (scripts/install-deps.sh installs it)");
        }

        return found!;
    }

    /// <summary>Returns the path of a file or directory that must exist, else skips/fails.</summary>
    public static string Path(string path, string what)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Unavailable($"{what} not found at {path}");
        }

        return path;
    }

    public static string? FindTool(string name, params string[] fallbacks)
    {
        foreach (var dir in (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
        {
            if (dir.Length == 0)
            {
                continue;
            }

            var candidate = System.IO.Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return fallbacks.FirstOrDefault(File.Exists);
    }
}
