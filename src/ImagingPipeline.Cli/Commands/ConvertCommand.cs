using ImagingPipeline.Dicom;

namespace ImagingPipeline.Cli.Commands;

/// <summary>`convert IN OUT --ts explicit|implicit|bigendian|deflate`: rewrites a file in another
/// uncompressed transfer syntax keeping every element (group lengths recomputed, native pixel data
/// swapped as the syntax requires). OUT is written to a temporary file and renamed, so IN may be OUT.</summary>
internal static class ConvertCommand
{
    public static readonly CommandLine.Verb Verb = new("convert", "convert IN OUT --ts explicit|implicit|bigendian|deflate", RunAsync);

    private static readonly Dictionary<string, DicomTransferSyntax> Syntaxes = new(StringComparer.Ordinal)
    {
        ["explicit"] = DicomTransferSyntax.ExplicitVRLittleEndian,
        ["implicit"] = DicomTransferSyntax.ImplicitVRLittleEndian,
        ["bigendian"] = DicomTransferSyntax.ExplicitVRBigEndian,
        ["deflate"] = DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
    };

    internal static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var positional = new List<string>();
        DicomTransferSyntax? syntax = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--ts" && i + 1 < args.Length && Syntaxes.TryGetValue(args[i + 1], out var chosen))
            {
                syntax = chosen;
                i++;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                positional.Clear();
                break;
            }
            else
            {
                positional.Add(args[i]);
            }
        }

        if (positional.Count != 2 || syntax is null)
        {
            await stderr.WriteLineAsync("usage: imagingpipeline " + Verb.Usage).ConfigureAwait(false);
            return 2;
        }

        var (input, output) = (positional[0], positional[1]);
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var file = DicomFile.Open(input).WithTransferSyntax(syntax);
            file.Save(temporary);
            File.Move(temporary, output, overwrite: true);
            await stdout.WriteLineAsync($"{input} → {output}: {syntax.Name}").ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is DicomException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"convert: {input}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
