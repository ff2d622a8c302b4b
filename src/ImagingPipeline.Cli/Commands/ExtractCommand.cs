using System.Globalization;
using System.Text.Json;
using ImagingPipeline.Contracts;
using ImagingPipeline.Extraction;

namespace ImagingPipeline.Cli.Commands;

/// <summary>
/// `extract FOLDER [--json] [--roi NAME]...`: reads every DICOM file under FOLDER, runs the
/// extraction the worker runs and prints the assessments (one per patient timepoint with an RT
/// structure set): as JSON in the OligoProgressionAssessed shape, or as a table.
/// </summary>
internal static class ExtractCommand
{
    public static readonly CommandLine.Verb Verb = new("extract", "extract FOLDER [--json] [--roi NAME]...", RunAsync);

    private static readonly string Header = string.Create(CultureInfo.InvariantCulture,
        $"  {"ROI",-16} {"site",-24} {"region",-22} {"cm³",8} {"long",6} {"short",6} {"SUVmax",7} {"SUVpeak",7}  progression");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    internal static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? folder = null;
        var json = false;
        var rois = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json":
                    json = true;
                    break;
                case "--roi" when i + 1 < args.Length:
                    rois.Add(args[++i]);
                    break;
                case var a when !a.StartsWith('-') && folder is null:
                    folder = a;
                    break;
                default:
                    await stderr.WriteLineAsync("usage: imagingpipeline " + Verb.Usage).ConfigureAwait(false);
                    return 2;
            }
        }

        if (folder is null)
        {
            await stderr.WriteLineAsync("usage: imagingpipeline " + Verb.Usage).ConfigureAwait(false);
            return 2;
        }

        if (!Directory.Exists(folder))
        {
            await stderr.WriteLineAsync($"extract: {folder}: no such folder").ConfigureAwait(false);
            return 1;
        }

        var result = new StudyExtractor(new ExtractionOptions { LesionRoiNames = rois }).Extract(ExtractionInput.FromFolder(folder));
        foreach (var warning in result.Warnings)
        {
            await stderr.WriteLineAsync("warning: " + warning).ConfigureAwait(false);
        }

        if (json)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(result.Assessments, Json)).ConfigureAwait(false);
        }
        else
        {
            await stdout.WriteAsync(Table(result)).ConfigureAwait(false);
        }

        if (result.Assessments.Count == 0)
        {
            await stderr.WriteLineAsync($"extract: no RT structure set among the {result.InstancesRead} DICOM instances under {folder}").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }

    private static string Table(ExtractionResult result)
    {
        var text = new System.Text.StringBuilder();
        foreach (var a in result.Assessments)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Patient {a.PatientId}, structure set study {a.StudyInstanceUid}");
            foreach (var s in a.StudiesUsed)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {s.Role,-14} {s.StudyDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",-10} {s.Reason}");
            }

            var recist = a.Recist?.Progression is { } p ? (p ? ", RECIST progression yes" : ", RECIST progression no") : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"  extracranial sites {a.ExtracranialSiteCount} (nodal regions {a.NodalRegionCount}), intracranial lesions {a.IntracranialLesionCount}{recist}");
            text.AppendLine(Header);
            foreach (var s in a.Sites)
            {
                var site = (s.Organ ?? "") + (s.Laterality is null ? "" : " " + s.Laterality) + (s.IsIntracranial ? " (intracranial)" : "");
                var region = s.LymphNodeStation is null ? "" : $"{s.LymphNodeStation} → {s.NodalRegion}";
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"  {s.RoiName,-16} {site,-24} {region,-22} {N(s.VolumeCc, 2),8} {N(s.LongestDiameterMm, 1),6} {N(s.ShortAxisMm, 1),6} {N(s.SuvMax, 2),7} {N(s.SuvPeak, 2),7}  {Status(s.Progression)}");
                foreach (var w in s.Warnings)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"      ! {w}");
                }
            }

            if (a.NonLesionRois.Count > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  not lesions: {string.Join(", ", a.NonLesionRois)}");
            }

            foreach (var w in a.Warnings)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  ! {w}");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string N(double? value, int decimals) => value?.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) ?? "—";

    private static string Status(Progression? p) => p is null ? "" : p.Status + (p.Reason is null ? "" : $" ({p.Reason})");
}
