using System.Text.Json;
using ImagingPipeline.Cli.Commands;
using ImagingPipeline.TestSupport.Environment;
using Xunit;

namespace ImagingPipeline.Cli.Tests.Conformance;

/// <summary>
/// `dump --json --no-bulk` against what pydicom reads, for every file of pydicom's test corpus (with
/// its charset_files and dicomdirtests) and of the validation corpus: the same element sets, VRs and
/// values, or an error exit where pydicom cannot read the file either. Accepted differences are the
/// comparer's narrow rules plus the per-file ones below, each with its reason.
/// </summary>
public sealed class DumpConformanceTests
{
    /// <summary>Files pydicom reads and we refuse, with why.</summary>
    private static readonly Dictionary<string, string> AcceptedErrors = new(StringComparer.Ordinal)
    {
        ["dicomdirtests/DICOMDIR-nooffset"] =
            "elements were cut out of its last directory record without fixing the lengths: the record's item length (248) runs "
            + "24 bytes past the end of the file. pydicom (and DCMTK) read what is there; we report it, because a file cut short at "
            + "an element boundary inside a sequence would otherwise pass for a whole one.",
        ["meta_missing_tsyntax.dcm"] = OddLength,
        ["nested_priv_SQ.dcm"] = OddLength,
    };

    private const string OddLength = "(0001,0002) in a nested private sequence has the odd length 9, which PS3.5 7.1.1 forbids; "
        + "pydicom reads it, we report it unless DicomReadOptions.AcceptOddLengths is set (covered by the round-trip tests).";

    [Fact]
    public Task Pydicom_test_files_dump_as_pydicom_reads_them() =>
        CheckAsync(Requirements.Path(RepositoryPaths.PydicomTestFiles, "pydicom test files"), "*", minimumFiles: 140);

    [Fact]
    public Task Pydicom_charset_files_dump_as_pydicom_reads_them() =>
        CheckAsync(Requirements.Path(RepositoryPaths.PydicomCharsetFiles, "pydicom charset files"), "*", minimumFiles: 17);

    [Fact]
    public Task Validation_files_dump_as_pydicom_reads_them() =>
        CheckAsync(Requirements.Path(RepositoryPaths.Validation, "the validation corpus"), "*.dcm", minimumFiles: 300);

    [Theory]
    [InlineData("MR_truncated.dcm", "(7FE0,0010)")]
    [InlineData("rtplan_truncated.dcm", "(300A,00B0)")]
    public async Task Truncated_files_exit_non_zero_naming_tag_and_offset(string name, string tag)
    {
        var path = Requirements.Path(Path.Combine(RepositoryPaths.PydicomTestFiles, name), "pydicom test file");
        var (code, stdout, stderr) = await DumpAsync(path, "--json", "--no-bulk");
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains(tag, stderr, StringComparison.Ordinal);
        Assert.Contains("byte offset", stderr, StringComparison.Ordinal);
    }

    internal static Task<(int Code, string Out, string Err)> DumpAsync(params string[] args) => Verb.RunAsync(DumpCommand.Verb, args);

    private static async Task CheckAsync(string folder, string pattern, int minimumFiles)
    {
        var files = Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= minimumFiles, $"{folder} holds {files.Count} files, expected at least {minimumFiles}");
        var references = await PydicomReference.ReadAsync(files);
        var failures = new List<string>();
        var accepted = new List<string>();
        var compared = 0;
        foreach (var file in files)
        {
            var name = Path.GetRelativePath(folder, file);
            var (code, stdout, stderr) = await DumpAsync(file, "--json", "--no-bulk");
            var pydicomFailed = PydicomReference.IsError(references[file], out var pydicomError);
            if (pydicomFailed || code != 0)
            {
                if (pydicomFailed && code == 1 && stderr.Contains("byte offset", StringComparison.Ordinal))
                {
                    continue;
                }

                if (!pydicomFailed && code == 1 && AcceptedErrors.TryGetValue(name.Replace('\\', '/'), out var reason))
                {
                    accepted.Add($"{name}: error exit accepted: {reason}");
                    continue;
                }

                failures.Add($"{name}: pydicom {(pydicomFailed ? "fails (" + pydicomError + ")" : "reads it")}, dump exits {code}: {stderr.Trim()}");
                continue;
            }

            using var ours = JsonDocument.Parse(stdout);
            var comparer = new JsonDatasetComparer();
            comparer.Compare(references[file], ours.RootElement);
            failures.AddRange(comparer.Differences.Select(d => $"{name}: {d}"));
            accepted.AddRange(comparer.Accepted.Select(d => $"{name}: {d}"));
            compared++;
        }

        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"{files.Count} files, {compared} compared element by element, {accepted.Count} accepted differences:");
        foreach (var line in accepted)
        {
            output?.WriteLine("  " + line);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} differences from pydicom:\n" + string.Join('\n', failures.Take(60)));
    }
}
