using System.Globalization;
using ImagingPipeline.Contracts;
using ImagingPipeline.Dicom.Network;
using ImagingPipeline.Worker.Assessments;
using ImagingPipeline.Worker.Configuration;
using ImagingPipeline.Worker.Dicom;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Storage;
using ImagingPipeline.Worker.Studies;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Hosting;

/// <summary>Where the demo prints (the console; a test's writer in the tests).</summary>
internal sealed record DemoConsole(TextWriter Out);

/// <summary>
/// <c>--demo</c> (Demo:Enabled): once the worker is up, pushes every DICOM file under Demo:Folder
/// (sample-dicom/) to its own DICOM port as a PACS would (one association per study folder), waits
/// until the studies are published and prints the patient's lesion lists; the worker then keeps
/// running for the review page. It goes through the same listener, store, jobs and outbox as any push.
/// </summary>
internal sealed partial class DemoService(
    IHostApplicationLifetime lifetime, DicomListenerService listener, StudyIndex index, AssessmentRepository assessments,
    IOptions<DicomOptions> dicom, IConfiguration configuration, DemoConsole console, ILogger<DemoService> logger) : BackgroundService
{
    public const string EnabledKey = "Demo:Enabled";
    public const string FolderKey = "Demo:Folder";

    private static readonly TimeSpan Within = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }

        var output = console.Out;
        try
        {
            await RunAsync(output, stoppingToken);
        }
        catch (Exception e) when (e is IOException or DicomNetworkException or TimeoutException or InvalidOperationException or InvalidDataException)
        {
            LogDemoFailed(logger, e);
            await output.WriteLineAsync($"demo: {e.Message}");
        }
    }

    private async Task RunAsync(TextWriter output, CancellationToken ct)
    {
        var folder = FindFolder(configuration[FolderKey] ?? "sample-dicom")
            ?? throw new IOException($"no folder {configuration[FolderKey] ?? "sample-dicom"} here or above: run from the repository or set {FolderKey}");

        var files = Directory.GetFiles(folder, "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new IOException($"no .dcm files under {folder}");
        }

        var headers = files.ToDictionary(f => f, Part10HeaderReader.Read, StringComparer.Ordinal);
        var client = new DicomClient("127.0.0.1", listener.LocalEndPoint.Port) { CalledAeTitle = dicom.Value.AeTitle, CallingAeTitle = "DEMO" };
        var stored = 0;
        foreach (var study in files.GroupBy(f => headers[f].StudyInstanceUid, StringComparer.Ordinal))
        {
            var results = await client.StoreAsync(study, ct);
            stored += results.Count(r => r.Succeeded);
            foreach (var failed in results.Where(r => !r.Succeeded))
            {
                await output.WriteLineAsync($"demo: {Path.GetRelativePath(folder, failed.Path)} was not stored: {failed.Error ?? failed.Status?.ToString("X4", CultureInfo.InvariantCulture)}");
            }
        }

        var studyUids = headers.Values.Select(h => h.StudyInstanceUid).Distinct(StringComparer.Ordinal).ToList();
        await output.WriteLineAsync($"demo: stored {stored} of {files.Count} files ({studyUids.Count} studies) through DICOM port {listener.LocalEndPoint.Port}; "
            + "waiting for the studies to close and be processed");
        var deadline = DateTime.UtcNow + Within;
        foreach (var uid in studyUids)
        {
            string? state;
            while ((state = (await index.GetStudyAsync(uid, ct))?.Study.State) is not (StudyState.Published or StudyState.Failed))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"study {uid} is {state ?? "unknown"} after {Within}");
                }

                await Task.Delay(250, ct);
            }

            await output.WriteLineAsync($"demo: study {uid}: {state}");
        }

        foreach (var patient in headers.Values.Select(h => h.PatientId ?? "").Distinct(StringComparer.Ordinal))
        {
            var latest = await assessments.ForPatientAsync(patient, null, history: false, ct);
            foreach (var a in latest.Reverse())
            {
                await output.WriteAsync(LesionList(a));
            }
        }

        await output.WriteLineAsync("demo: the review page is at /review; the assessments at /api/patients/{patientId}/assessment");
    }

    /// <summary>
    /// The folder as given when absolute; a relative one is looked for in the current folder and the
    /// folders above it, then above the program's own folder (<c>dotnet run</c> starts in the project's folder).
    /// </summary>
    private static string? FindFolder(string configured)
    {
        if (Path.IsPathRooted(configured))
        {
            return Directory.Exists(configured) ? configured : null;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, configured);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>One assessment as a table: the sites, their numbers and progression, and the trial's counts.</summary>
    internal static string LesionList(OligoProgressionAssessed a)
    {
        var text = new System.Text.StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"\nassessment of study {a.StudyInstanceUid}, version {a.Version}")
            .Append(a.BaselineStudyUid is null ? ", no earlier timepoint\n" : $", baseline {a.BaselineStudyUid}\n")
            .Append(inv, $"  {"ROI",-16} {"site",-22} {"nodal region",-22} {"longest mm",10} {"volume cc",10} {"SUVmax",7}  progression\n");
        foreach (var s in a.Sites)
        {
            var site = string.Join(' ', new[] { s.Organ, s.Laterality, s.LymphNodeStation }.Where(p => !string.IsNullOrEmpty(p)));
            text.Append(inv, $"  {s.RoiName,-16} {(s.IsIntracranial ? site + " (intracranial)" : site),-22} {s.NodalRegion ?? "-",-22} ")
                .Append(inv, $"{Number(s.LongestDiameterMm, "F1"),10} {Number(s.VolumeCc, "F2"),10} {Number(s.SuvMax, "F2"),7}  {s.Progression?.Status.ToString() ?? "-"}\n");
        }

        text.Append(inv, $"  extracranial sites {a.ExtracranialSiteCount} (nodes counted per region: {a.NodalRegionCount} region(s)), intracranial lesions {a.IntracranialLesionCount}\n");
        foreach (var warning in a.Warnings)
        {
            text.Append(inv, $"  warning: {warning}\n");
        }

        return text.ToString();
    }

    private static string Number(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "-";

    [LoggerMessage(4901, LogLevel.Warning, "The demo push did not finish")]
    private static partial void LogDemoFailed(ILogger logger, Exception exception);
}
