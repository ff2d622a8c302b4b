using ImagingPipeline.Cli.Commands;
using ImagingPipeline.TestSupport.Environment;
using Xunit;

namespace ImagingPipeline.Cli.Tests.Commands;

/// <summary>The checked-in sample-dicom/ is what make-sample writes, byte for byte, and every file is a valid IOD.</summary>
public sealed class MakeSampleCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ip-sample-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static string[] Files(string folder) =>
        [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_fresh_sample_equals_the_checked_in_files_byte_for_byte()
    {
        var checkedIn = Requirements.Path(RepositoryPaths.SampleDicom, "the checked-in sample-dicom folder");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        Assert.Equal(0, await MakeSampleCommand.RunAsync([_root], stdout, stderr));

        var fresh = Files(_root);
        Assert.Equal(Files(checkedIn), fresh);
        Assert.Contains("README.md", fresh);
        foreach (var file in fresh)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(_root, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(checkedIn, file))),
                $"{file} differs from sample-dicom/{file}: regenerate with `imagingpipeline make-sample sample-dicom`");
        }

        Assert.True(new DirectoryInfo(_root).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) < 10_500_000);
    }

    [Fact]
    public async Task Every_checked_in_file_passes_dciodvfy()
    {
        var folder = Requirements.Path(RepositoryPaths.SampleDicom, "the checked-in sample-dicom folder");
        var files = Directory.GetFiles(folder, "*.dcm", SearchOption.AllDirectories);
        Assert.True(files.Length > 300);

        var errors = await IodValidator.ErrorsAsync(files, folder, TestContext.Current.CancellationToken);

        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(40)));
    }

    [Fact]
    public async Task Wrong_usage_exits_2()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(2, await MakeSampleCommand.RunAsync([], stdout, stderr));
        Assert.Equal(2, await MakeSampleCommand.RunAsync(["a", "b"], stdout, stderr));
    }
}
