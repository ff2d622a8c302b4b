using System.Diagnostics;
using System.Text.RegularExpressions;
using ImagingPipeline.Dicom.Network;
using ImagingPipeline.TestSupport.Environment;
using Xunit;

namespace ImagingPipeline.Dicom.Tests.Network;

/// <summary>DCMTK's echoscu/storescu against our SCP; content compared with dcmdump.</summary>
public sealed class DcmtkInteropTests
{
    private static readonly string Corpus = RepositoryPaths.PydicomTestFiles;

    internal static async Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(Requirements.Tool(tool)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["TCP_NODELAY"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task Echoscu_gets_success()
    {
        await using var scp = await new ScpFixture().StartAsync();
        var (code, output) = await RunAsync("echoscu", "-aec", "IMAGINGPIPE", "127.0.0.1", scp.Port.ToString());
        Assert.True(code == 0, output);
    }

    [Theory]
    [InlineData("-xi", "CT_small.dcm")]
    [InlineData("-xe", "CT_small.dcm")]
    [InlineData("-xb", "CT_small.dcm")]
    [InlineData("-xd", "MR_small.dcm")]
    [InlineData("-xd", "rtstruct.dcm")]
    public async Task Storescu_uncompressed_arrives_with_equal_content(string syntaxOption, string name)
    {
        var source = Requirements.Path(Path.Combine(Corpus, name), "pydicom test file");
        await using var scp = await new ScpFixture().StartAsync();
        var (code, output) = await RunAsync("storescu", syntaxOption, "-aec", "IMAGINGPIPE", "127.0.0.1", scp.Port.ToString(), source);
        Assert.True(code == 0, output);
        var received = Assert.Single(scp.Received);
        var stored = Path.Combine(scp.Folder, received.SopInstanceUid + ".dcm");
        Assert.Equal(await DumpDatasetAsync(source), await DumpDatasetAsync(stored));
    }

    [Fact]
    public async Task Storescu_deflated_is_stored_deflated()
    {
        var source = Requirements.Path(Path.Combine(Corpus, "CT_small.dcm"), "pydicom test file");
        await using var scp = await new ScpFixture(o => o.TransferSyntaxPreference.Insert(0, "1.2.840.10008.1.2.1.99")).StartAsync();
        var (code, output) = await RunAsync("storescu", "-xd", "-aec", "IMAGINGPIPE", "127.0.0.1", scp.Port.ToString(), source);
        Assert.True(code == 0, output);
        var received = Assert.Single(scp.Received);
        Assert.Equal("1.2.840.10008.1.2.1.99", received.TransferSyntaxUid);
        Assert.Equal(await DumpDatasetAsync(source), await DumpDatasetAsync(Path.Combine(scp.Folder, received.SopInstanceUid + ".dcm")));
    }

    [Fact]
    public async Task Storescu_jpeg_is_accepted_as_offered()
    {
        var source = Requirements.Path(Path.Combine(Corpus, "SC_rgb_jpeg_dcmtk.dcm"), "pydicom JPEG test file");
        await using var scp = await new ScpFixture().StartAsync();
        var (code, output) = await RunAsync("storescu", "-xy", "-aec", "IMAGINGPIPE", "127.0.0.1", scp.Port.ToString(), source);
        Assert.True(code == 0, output);
        var received = Assert.Single(scp.Received);
        Assert.Equal("1.2.840.10008.1.2.4.50", received.TransferSyntaxUid);
        Assert.Equal(await DumpDatasetAsync(source), await DumpDatasetAsync(Path.Combine(scp.Folder, received.SopInstanceUid + ".dcm")));
    }

    [Fact]
    public async Task Concurrent_storescu_processes_all_succeed()
    {
        var source = Requirements.Path(Path.Combine(Corpus, "CT_small.dcm"), "pydicom test file");
        await using var scp = await new ScpFixture().StartAsync();
        var runs = Enumerable.Range(0, 4).Select(_ =>
            RunAsync("storescu", "-aec", "IMAGINGPIPE", "127.0.0.1", scp.Port.ToString(), source, source, source)).ToArray();
        foreach (var (code, output) in await Task.WhenAll(runs))
        {
            Assert.True(code == 0, output);
        }

        Assert.Equal(12, scp.Received.Count);
    }

    [Fact]
    public async Task Handler_refusal_reaches_storescu_and_nothing_is_left()
    {
        var source = Requirements.Path(Path.Combine(Corpus, "CT_small.dcm"), "pydicom test file");
        await using var scp = await new ScpFixture().StartAsync();
        scp.Answer = _ => new DicomStoreResult(0xA700, new string('x', 300));
        var (_, output) = await RunAsync("storescu", "-d", "-aec", "IMAGINGPIPE", "127.0.0.1", scp.Port.ToString(), source);
        Assert.Contains("A700", output, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.GetFiles(scp.Options.TempDirectory));
        Assert.Empty(Directory.GetFiles(scp.Folder));
    }

    /// <summary>dcmdump of the data set only (file meta group 0002 left out), for content comparison.</summary>
    internal static async Task<string> DumpDatasetAsync(string path)
    {
        var (code, output) = await RunAsync("dcmdump", "-q", "+L", path);
        Assert.True(code == 0, output);
        // Content, not encoding: sequence/item length form and delimiters may differ after a syntax change.
        var lines = output.Split('\n')
            .Where(l => !l.StartsWith("(0002,", StringComparison.Ordinal) && !l.StartsWith('#') && !l.Contains("Delimitation", StringComparison.Ordinal)
                && !l.TrimStart().StartsWith("(fffc,fffc)", StringComparison.Ordinal))
            .Select(l => Regex.Replace(l.Replace("explicit length", "", StringComparison.Ordinal).Replace("undefined length", "", StringComparison.Ordinal), @"\s+", " ").Trim())
            .Select(l => Regex.Replace(l, @"# (u/l|\d+), ", "# "));
        return string.Join('\n', lines);
    }
}
