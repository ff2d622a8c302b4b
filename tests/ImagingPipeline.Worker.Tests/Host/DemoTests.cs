using System.Text.RegularExpressions;
using ImagingPipeline.TestSupport.Environment;
using ImagingPipeline.Worker.Hosting;
using ImagingPipeline.Worker.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Host;

/// <summary>The README's first command with <c>--demo</c>: sample-dicom pushed over DICOM to the worker itself and the lesion lists printed.</summary>
[Collection(HostCollection.Name)]
public sealed partial class DemoTests
{
    [Fact]
    public async Task The_demo_pushes_sample_dicom_over_dicom_and_prints_both_timepoints_lesion_lists()
    {
        var ct = TestContext.Current.CancellationToken;
        using var root = new TempDirectory();
        var output = new StringWriter();
        var synchronized = TextWriter.Synchronized(output);
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Storage:Root"] = root.Path,
            ["Storage:MinimumFreeSpace"] = "0",
            ["Storage:Fsync"] = "false",
            ["Dicom:Port"] = "0",
            ["Studies:GracePeriod"] = "00:00:01",
            ["Studies:SweepInterval"] = "00:00:01",
            [DemoService.EnabledKey] = "true",
            [DemoService.FolderKey] = RepositoryPaths.SampleDicom,
        };
        await using var factory = new WorkerFactory(settings, b => b.ConfigureTestServices(s => s.AddSingleton(new DemoConsole(synchronized))));
        using var client = factory.CreateClient();

        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (!Text(synchronized, output).Contains("demo: the review page is at", StringComparison.Ordinal) && !Text(synchronized, output).Contains("demo: no", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the demo did not finish:\n" + Text(synchronized, output));
            await Task.Delay(250, ct);
        }

        var text = Text(synchronized, output);
        var files = Directory.GetFiles(RepositoryPaths.SampleDicom, "*.dcm", SearchOption.AllDirectories).Length;
        Assert.Contains($"demo: stored {files} of {files} files (3 studies)", text, StringComparison.Ordinal);
        Assert.Equal(3, Published().Matches(text).Count);
        // The follow-up timepoint against the baseline, as sample-dicom/README.md states the truth.
        Assert.Matches(@"GTVp1_Lung_R +lung R .* Progressing", text);
        Assert.Matches(@"GTV4_Adrenal_L +adrenal L .* New", text);
        Assert.Matches(@"GTV5 +brain \(intracranial\) .* New", text);
        Assert.Contains("extracranial sites 5 (nodes counted per region: 1 region(s)), intracranial lesions 1", text, StringComparison.Ordinal);
    }

    private static string Text(TextWriter synchronized, StringWriter output)
    {
        lock (synchronized)
        {
            return output.ToString();
        }
    }

    [GeneratedRegex(@"demo: study [0-9.]+: Published")]
    private static partial Regex Published();
}
