using ImagingPipeline.Phantoms;
using ImagingPipeline.Phantoms.Truth;

namespace ImagingPipeline.Cli.Commands;

/// <summary>
/// `make-sample FOLDER`: writes the synthetic sample patient (baseline PET/CT, follow-up PET/CT,
/// planning CT with structure set and registration) and a README stating its truth. Deterministic:
/// the same files every time.
/// </summary>
internal static class MakeSampleCommand
{
    public static readonly CommandLine.Verb Verb = new("make-sample", "make-sample FOLDER", RunAsync);

    internal static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length != 1 || args[0].StartsWith('-'))
        {
            await stderr.WriteLineAsync("usage: imagingpipeline " + Verb.Usage).ConfigureAwait(false);
            return 2;
        }

        var folder = args[0];
        try
        {
            var spec = SamplePatient.Create();
            var truth = PhantomGenerator.Write(spec, folder);
            var readme = SampleReadme.Render(spec, truth, "imagingpipeline make-sample sample-dicom");
            await File.WriteAllTextAsync(Path.Combine(folder, "README.md"), readme).ConfigureAwait(false);
            await stdout.WriteLineAsync($"{truth.Files.Count} DICOM files and README.md written to {folder}").ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"make-sample: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
