using System.Text;
using ImagingPipeline.Dicom;
using ImagingPipeline.Dicom.Json;

namespace ImagingPipeline.Cli.Commands;

/// <summary>`dump FILE [--json] [--no-bulk]`: the file meta and data set, human readable or as the DICOM
/// JSON model (PS3.18 F.2). Exit 0 on success, 1 when the file cannot be read, 2 on wrong usage.</summary>
internal static class DumpCommand
{
    public static readonly CommandLine.Verb Verb = new("dump", "dump FILE [--json] [--no-bulk]", RunAsync);

    internal static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? path = null;
        var json = false;
        var bulk = true;
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "--json":
                    json = true;
                    break;
                case "--no-bulk":
                    bulk = false;
                    break;
                case var s when s.StartsWith("--", StringComparison.Ordinal) || path is not null:
                    await stderr.WriteLineAsync("usage: imagingpipeline " + Verb.Usage).ConfigureAwait(false);
                    return 2;
                default:
                    path = arg;
                    break;
            }
        }

        if (path is null)
        {
            await stderr.WriteLineAsync("usage: imagingpipeline " + Verb.Usage).ConfigureAwait(false);
            return 2;
        }

        try
        {
            // Without bulk data the values that would be left out need not be read at all.
            var file = DicomFile.Open(path, new DicomReadOptions { LargeValueThreshold = bulk ? int.MaxValue : 1024 });
            if (json)
            {
                using var buffer = new MemoryStream();
                DicomJsonWriter.Write(buffer, file, bulk);
                await stdout.WriteLineAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)).ConfigureAwait(false);
            }
            else
            {
                await stdout.WriteAsync(DatasetText.Format(file, bulk)).ConfigureAwait(false);
            }

            return 0;
        }
        catch (Exception ex) when (ex is DicomException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"dump: {path}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
