using System.Text.Json;
using ImagingPipeline.Cli.Commands;
using ImagingPipeline.Dicom;
using ImagingPipeline.TestSupport.Environment;
using Xunit;

namespace ImagingPipeline.Cli.Tests.Conformance;

/// <summary>
/// `convert` to each uncompressed syntax keeps the data set: every readable corpus file with native
/// (or no) pixel data is converted to explicit LE, implicit LE, explicit BE and deflated, then read by
/// pydicom (every element, bulk values by SHA-256 of their little endian bytes) and by DCMTK (dcmdump
/// reads it without error; dcm2json gives the same data set as for the original).
/// </summary>
public sealed class ConvertTests : IDisposable
{
    private static readonly string[] Syntaxes = ["explicit", "implicit", "bigendian", "deflate"];

    private readonly string _folder = Directory.CreateTempSubdirectory("ip-convert-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Every_uncompressed_corpus_file_converts_to_every_uncompressed_syntax_keeping_its_data_set()
    {
        var sources = Sources();
        Assert.True(sources.Count >= 100, $"only {sources.Count} convertible corpus files found");
        var outputs = new List<(string Source, string Syntax, string Output)>();
        foreach (var (source, index) in sources.Select((s, i) => (s, i)))
        {
            foreach (var syntax in Syntaxes)
            {
                var output = Path.Combine(_folder, $"{index:D3}-{syntax}.dcm");
                var (code, _, stderr) = await ConvertAsync(source, output, "--ts", syntax);
                Assert.True(code == 0, $"convert {source} --ts {syntax} exited {code}: {stderr}");
                outputs.Add((source, syntax, output));
            }
        }

        var failures = new List<string>();
        await CompareWithPydicomAsync(sources, outputs, failures);
        await CheckWithDcmtkAsync(outputs, failures);
        Assert.True(failures.Count == 0, $"{failures.Count} problems:\n" + string.Join('\n', failures.Take(60)));
    }

    [Fact]
    public async Task A_dicomdir_is_refused_because_its_record_offsets_would_go_stale()
    {
        var source = Requirements.Path(Path.Combine(RepositoryPaths.PydicomTestFiles, "dicomdirtests", "DICOMDIR"), "pydicom test file");
        var output = Path.Combine(_folder, "DICOMDIR");
        var (code, _, stderr) = await ConvertAsync(source, output, "--ts", "implicit");
        Assert.Equal(1, code);
        Assert.Contains("offset", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Encapsulated_pixel_data_cannot_go_to_a_native_syntax_and_says_why()
    {
        var source = Requirements.Path(Path.Combine(RepositoryPaths.PydicomTestFiles, "JPEG2000.dcm"), "pydicom test file");
        var output = Path.Combine(_folder, "out.dcm");
        var (code, _, stderr) = await ConvertAsync(source, output, "--ts", "explicit");
        Assert.Equal(1, code);
        Assert.Contains("JPEG 2000", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("in.dcm", "out.dcm", "--ts", "jpeg")]
    [InlineData("in.dcm", "out.dcm", "--ts")]
    [InlineData("in.dcm", "--ts", "explicit")]
    [InlineData("in.dcm", "out.dcm", "--ts", "explicit", "--bogus")]
    public async Task Wrong_usage_exits_2(params string[] args)
    {
        var (code, _, stderr) = await ConvertAsync(args);
        Assert.Equal(2, code);
        Assert.StartsWith("usage:", stderr, StringComparison.Ordinal);
    }

    private static Task<(int Code, string Out, string Err)> ConvertAsync(params string[] args) => Verb.RunAsync(ConvertCommand.Verb, args);

    /// <summary>The pydicom corpus and the first files of each validation folder that we read and whose pixel data is native.</summary>
    private static List<string> Sources()
    {
        var corpus = Directory.EnumerateFiles(Requirements.Path(RepositoryPaths.PydicomTestFiles, "pydicom test files"), "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Requirements.Path(RepositoryPaths.PydicomCharsetFiles, "pydicom charset files")))
            .Concat(Directory.EnumerateDirectories(Requirements.Path(RepositoryPaths.Validation, "the validation corpus"), "*", SearchOption.AllDirectories)
                .SelectMany(d => Directory.EnumerateFiles(d, "*.dcm").Order(StringComparer.Ordinal).Take(1)));
        var sources = new List<string>();
        foreach (var path in corpus.Order(StringComparer.Ordinal))
        {
            try
            {
                var file = DicomFile.Open(path, new DicomReadOptions { LargeValueThreshold = 0 });
                if (!file.TransferSyntax.IsEncapsulated && !file.IsDirectory)
                {
                    sources.Add(path);
                }
            }
            catch (DicomException)
            {
                // Not DICOM, or damaged: the dump conformance test covers these.
            }
        }

        return sources;
    }

    private static async Task CompareWithPydicomAsync(List<string> sources, List<(string Source, string Syntax, string Output)> outputs, List<string> failures)
    {
        var references = await PydicomReference.ReadAsync([.. sources, .. outputs.Select(o => o.Output)], digest: true);
        foreach (var (source, syntax, output) in outputs)
        {
            if (PydicomReference.IsError(references[output], out var error))
            {
                failures.Add($"{source} → {syntax}: pydicom cannot read the output: {error}");
                continue;
            }

            if (PydicomReference.IsError(references[source], out _))
            {
                continue;
            }

            var comparer = new JsonDatasetComparer
            {
                IgnoreFileMeta = true,
                ActualWasImplicit = syntax == "implicit",
                ActualWasBigEndian = syntax == "bigendian",
            };
            comparer.Compare(references[source], references[output]);
            failures.AddRange(comparer.Differences.Select(d => $"{source} → {syntax} (pydicom): {d}"));
        }
    }

    private static async Task CheckWithDcmtkAsync(List<(string Source, string Syntax, string Output)> outputs, List<string> failures)
    {
        var dcmdump = Requirements.Tool("dcmdump");
        var dcm2json = Requirements.Tool("dcm2json");
        var cancel = TestContext.Current.CancellationToken;

        // dcmdump reads many files in one run and names each one it cannot read.
        foreach (var batch in outputs.Select(o => o.Output).Chunk(200))
        {
            var dump = await ExternalTool.RunAsync(dcmdump, ["-q", .. batch], cancel);
            if (dump.ExitCode != 0 || dump.StandardError.Contains("E: ", StringComparison.Ordinal))
            {
                failures.Add($"dcmdump cannot read all of our outputs: {dump.StandardError}");
            }
        }

        // dcm2json takes one file at a time: the original and each conversion, a few processes at once.
        var json = new System.Collections.Concurrent.ConcurrentDictionary<string, JsonElement?>(StringComparer.Ordinal);
        var paths = outputs.Select(o => o.Source).Distinct(StringComparer.Ordinal).Concat(outputs.Select(o => o.Output));
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancel }, async (path, token) =>
        {
            var result = await ExternalTool.RunAsync(dcm2json, ["-q", "-ee", path], token);
            json[path] = result.ExitCode == 0 ? Parse(result.StandardOutput) : null;
        });

        foreach (var (source, syntax, output) in outputs)
        {
            if (json[source] is not { } expected)
            {
                // DCMTK cannot read some corpus files (malformed on purpose); then only dcmdump checked our output.
                continue;
            }

            if (json[output] is not { } actual)
            {
                failures.Add($"{source} → {syntax}: dcm2json cannot read the output");
                continue;
            }

            var comparer = new JsonDatasetComparer
            {
                ActualWasImplicit = syntax == "implicit",
                IgnorePixelDataBytes = Has32BitSamples(source) && (syntax == "bigendian" || !DicomFile.Open(source).TransferSyntax.IsLittleEndian),
            };
            comparer.Compare(expected, actual);
            failures.AddRange(comparer.Differences.Select(d => $"{source} → {syntax} (dcm2json): {d}"));
        }
    }

    private static bool Has32BitSamples(string path) =>
        DicomFile.Open(path, new DicomReadOptions { StopBeforePixelData = true }).Dataset.TryGetInt32(DicomTag.BitsAllocated, out var bits) && bits > 16;

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
