using System.Diagnostics;
using ImagingPipeline.TestSupport.Environment;
using Xunit;

namespace ImagingPipeline.Fuzz.Tests;

/// <summary>
/// Every checked-in seed (and every input a fixed crash left in the corpus) through the harnesses in process,
/// without afl-fuzz: a regression in what the fuzzer once explored fails here in seconds.
/// </summary>
public sealed class CorpusReplayTests
{
    public static TheoryData<string, string> Seeds()
    {
        var data = new TheoryData<string, string>();
        foreach (var harness in FuzzTargets.Names)
        {
            foreach (var file in Directory.EnumerateFiles(CorpusFolder(harness)).Order(StringComparer.Ordinal))
            {
                data.Add(harness, Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SeedIsHandled(string harness, string seed)
    {
        var target = FuzzTargets.Find(harness);
        Assert.NotNull(target);
        using var input = File.OpenRead(Path.Combine(CorpusFolder(harness), seed));

        target(input); // an exception other than the toolkit's own for malformed input fails the test
    }

    [Fact]
    public void EveryHarnessHasSmallSeeds()
    {
        foreach (var harness in FuzzTargets.Names)
        {
            var sizes = Directory.EnumerateFiles(CorpusFolder(harness)).Select(f => new FileInfo(f).Length).ToList();
            Assert.InRange(sizes.Count, 8, 60);
            Assert.All(sizes, size => Assert.InRange(size, 1, 64 * 1024));
        }
    }

    [Theory]
    [InlineData("store-implicit")]
    [InlineData("store-explicit")]
    [InlineData("store-split-command")]
    public void StoreSeedsReachTheStoreHandler(string seed)
    {
        var before = PduTarget.DataSetsStored;

        PduTarget.Run(File.ReadAllBytes(Path.Combine(CorpusFolder("pdu"), seed)));

        Assert.True(PduTarget.DataSetsStored > before, $"{seed} did not get a data set through association, P-DATA and C-STORE");
    }

    [Theory]
    [InlineData("rtstruct-pet-same-frame")]
    [InlineData("rtstruct-registration-pet")]
    public void PetSeedsReachSuv(string seed)
    {
        var result = ExtractionTarget.Run(File.ReadAllBytes(Path.Combine(CorpusFolder("extraction"), seed)));

        Assert.NotNull(result);
        var assessment = Assert.Single(result.Assessments);
        Assert.Contains(assessment.Sites, site => site.SuvMax is > 0);
    }

    [Theory]
    [InlineData("bug-infinite-suv-dose", "SUV factor")]
    [InlineData("bug-infinite-suv-slope", "not finite numbers")]
    public void BugSeedsReachTheirFix(string seed, string reason)
    {
        var result = ExtractionTarget.Run(File.ReadAllBytes(Path.Combine(CorpusFolder("extraction"), seed)));

        Assert.NotNull(result);
        var site = Assert.Single(Assert.Single(result.Assessments).Sites);
        Assert.Null(site.SuvMax);
        Assert.Contains(site.Warnings, w => w.StartsWith("no SUV: ", StringComparison.Ordinal) && w.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void TwoTimepointSeedReachesProgression()
    {
        var result = ExtractionTarget.Run(File.ReadAllBytes(Path.Combine(CorpusFolder("extraction"), "two-timepoints")));

        Assert.NotNull(result);
        Assert.Equal(2, result.Assessments.Count);
        Assert.NotNull(result.Assessments[1].BaselineStudyUid);
    }

    /// <summary>
    /// The harness as a crash is reproduced (<c>dotnet ImagingPipeline.Fuzz.dll HARNESS &lt; input</c>): it handles the seed
    /// and exits 0, and the temp folder it kept its files in for the life of the process is gone afterwards.
    /// </summary>
    [Theory]
    [InlineData("part10")]
    [InlineData("pdu")]
    public async Task A_harness_process_leaves_nothing_in_the_temp_directory(string harness)
    {
        var ct = TestContext.Current.CancellationToken;
        var temp = Directory.CreateTempSubdirectory("fuzz-tmpdir-");
        try
        {
            var seed = Directory.EnumerateFiles(CorpusFolder(harness)).Order(StringComparer.Ordinal).First();
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add(Path.Combine(AflRun.HarnessBuildOutput(), "ImagingPipeline.Fuzz.dll"));
            start.ArgumentList.Add(harness);
            start.Environment["TMPDIR"] = temp.FullName;
            start.Environment["DOTNET_EnableDiagnostics"] = "0"; // no debugger pipes or diagnostic socket of the runtime's own
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.StandardInput.BaseStream.WriteAsync(await File.ReadAllBytesAsync(seed, ct), ct);
            process.StandardInput.Close();
            await process.WaitForExitAsync(ct);

            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stdout}{await stderr}");
            Assert.Empty(Directory.EnumerateFileSystemEntries(temp.FullName, "imagingpipeline-fuzz-*"));
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    internal static string CorpusFolder(string harness) => Path.Combine(RepositoryPaths.RepositoryRoot, "fuzz", "corpus", harness);
}
