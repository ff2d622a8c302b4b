using System.Text.Json;
using ImagingPipeline.TestSupport.Environment;
using Xunit;

namespace ImagingPipeline.Cli.Tests.Conformance;

/// <summary>What pydicom reads from files, through Conformance/pydicom_json.py: per path, the data set in
/// the DICOM JSON model without bulk data, or an "error" member.</summary>
internal static class PydicomReference
{
    public static string Script => Path.Combine(RepositoryPaths.RepositoryRoot, "tests", "ImagingPipeline.Cli.Tests", "Conformance", "pydicom_json.py");

    /// <summary>Runs the script once for all <paramref name="paths"/>.</summary>
    public static async Task<Dictionary<string, JsonElement>> ReadAsync(IReadOnlyCollection<string> paths, bool digest = false)
    {
        var python = await Pydicom.PythonAsync();
        var args = new List<string> { Script };
        if (digest)
        {
            args.Add("--digest");
        }

        args.AddRange(paths);
        var result = await ExternalTool.RunAsync(python, args, TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, $"pydicom_json.py failed: {result}");
        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    public static bool IsError(JsonElement reference, out string message)
    {
        message = reference.TryGetProperty("error", out var error) ? error.GetString()! : "";
        return message.Length > 0;
    }
}
