namespace ImagingPipeline.TestSupport.Environment;

/// <summary>A python3 that can import pydicom (Debian's python3-pydicom lives in /usr/bin/python3's
/// site packages; another python3 earlier on PATH may not see it).</summary>
public static class Pydicom
{
    private static readonly Lazy<Task<string?>> Found = new(FindAsync);

    /// <summary>The interpreter's path; skips the test locally or fails it under CI when there is none.</summary>
    public static async Task<string> PythonAsync()
    {
        var python = await Found.Value.ConfigureAwait(false);
        if (python is null)
        {
            Requirements.Unavailable("a python3 that can import pydicom (apt-get install python3-pydicom)");
        }

        return python!;
    }

    private static async Task<string?> FindAsync()
    {
        var candidates = new[] { "/usr/bin/python3", Requirements.FindTool("python3") }.OfType<string>().Distinct(StringComparer.Ordinal);
        foreach (var candidate in candidates.Where(File.Exists))
        {
            var result = await ExternalTool.RunAsync(candidate, ["-c", "import pydicom"]).ConfigureAwait(false);
            if (result.ExitCode == 0)
            {
                return candidate;
            }
        }

        return null;
    }
}
