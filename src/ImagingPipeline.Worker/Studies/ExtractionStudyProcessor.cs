using System.Globalization;
using ImagingPipeline.Contracts;
using ImagingPipeline.Dicom;
using ImagingPipeline.Extraction;
using ImagingPipeline.Worker.Assessments;
using ImagingPipeline.Worker.Configuration;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Studies;

/// <summary>
/// Extraction of a closed study, per patient timepoint. Under the patient's lock it gathers the
/// files of every closed study of the patient from the index (the PET/CTs, planning CTs, RT
/// structure sets, registrations and earlier timepoints: the extractor groups them into
/// timepoints by date within <see cref="AssessmentOptions.TimepointWindow"/>, follows shared frames
/// and registrations in either direction and judges each timepoint against the latest earlier one),
/// runs the extractor, and in one transaction writes StudyReceived for this study version, every
/// timepoint assessment that changed as its next version (with one ProgressiveSiteIdentified per
/// lesion and the OligoProgressionAssessed, see <see cref="AssessmentRecorder"/>), the processing
/// record and Extracting → Extracted. The relay then moves the study to Published once all of
/// those messages are confirmed (at once when none is pending).
/// </summary>
internal sealed partial class ExtractionStudyProcessor(
    StudyIndex index, AssessmentRecorder recorder, OutboxWriter outbox, PatientLocks locks,
    IOptions<StorageOptions> storage, IOptions<AssessmentOptions> options, TimeProvider clock,
    ILogger<ExtractionStudyProcessor> logger) : IStudyProcessor
{
    /// <summary>The processor name in study_processing.</summary>
    public const string Name = "extraction";

    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforePixelData = true };

    public async Task<string?> ProcessAsync(StudyProcessingContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var detail = await index.GetStudyAsync(context.StudyInstanceUid, ct)
            ?? throw new InvalidOperationException($"Study {context.StudyInstanceUid} is not in the index.");
        var patientId = detail.Study.PatientId;
        await using var patientLock = await locks.AcquireAsync(patientId, ct);

        var root = storage.Value.FullRoot;
        var files = await index.PatientFilesAsync(patientId, context.StudyInstanceUid, ct);
        var extractor = new StudyExtractor(new ExtractionOptions
        {
            TimepointWindow = options.Value.TimepointWindow,
            AssessedAt = clock.GetUtcNow(),
        });
        var result = extractor.Extract([.. files.Select(f => ExtractionInput.FromFile(Path.Combine(root, f.RelativePath)))], ct);
        LogExtracted(logger, context.StudyInstanceUid, context.Version, files.Select(f => f.StudyUid).Distinct(StringComparer.Ordinal).Count(),
            result.InstancesRead, result.Assessments.Count);
        foreach (var warning in result.Warnings)
        {
            LogExtractionNote(logger, context.StudyInstanceUid, warning); // may name the patient: Debug only
        }

        var received = await StudyReceivedAsync(detail, context, root, files, ct);
        try
        {
            return await index.Database.InTransactionAsync(async (connection, tx) =>
            {
                await outbox.AddAsync(connection, tx, received, ct, origin: context);
                var stored = await recorder.RecordAsync(connection, tx, result.Assessments, context, ct);
                await index.RecordProcessedAsync(connection, tx, context.StudyInstanceUid, context.Version, Name, ct);
                var reason = string.Create(CultureInfo.InvariantCulture,
                    $"{result.Assessments.Count} timepoint assessment(s) extracted, {stored.Count} new version(s) stored");
                if (await index.MarkExtractedAsync(connection, tx, context.StudyInstanceUid, context.Version, reason, ct) is null)
                {
                    throw new StudyReopenedException(); // roll back: the new version of the study is processed next
                }

                return await index.TryMarkPublishedAsync(connection, tx, context.StudyInstanceUid, context.Version, ct) is null
                    ? StudyState.Extracted
                    : StudyState.Published;
            }, ct);
        }
        catch (StudyReopenedException)
        {
            return null;
        }
    }

    private async Task<StudyReceived> StudyReceivedAsync(Index.StudyDetail detail, StudyProcessingContext context, string root,
        IReadOnlyList<(string StudyUid, string RelativePath)> files, CancellationToken ct)
    {
        var completed = await index.CompletedAsync(context.StudyInstanceUid, context.Version, ct);
        var first = files.FirstOrDefault(f => f.StudyUid == context.StudyInstanceUid).RelativePath;
        return new StudyReceived
        {
            StudyInstanceUid = context.StudyInstanceUid,
            PatientId = detail.Study.PatientId,
            Version = context.Version,
            IssuerOfPatientId = first is null ? null : Issuer(Path.Combine(root, first)),
            StudyDate = DateOnly.TryParseExact(detail.Study.StudyDate, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : null,
            Modalities = [.. detail.Series.Select(s => s.Modality).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            SeriesCount = detail.Study.SeriesCount,
            InstanceCount = detail.Study.InstanceCount,
            CompletedAt = completed?.At ?? clock.GetUtcNow(),
            CompletionReason = CompletionCode(completed?.Reason),
        };
    }

    /// <summary>"quiet-period", "content-complete" or "reprocess" from the reason the assembler or the API wrote.</summary>
    private static string CompletionCode(string? reason) => reason switch
    {
        null => "",
        _ when reason.StartsWith("quiet", StringComparison.OrdinalIgnoreCase) => "quiet-period",
        _ when reason.StartsWith("content complete", StringComparison.OrdinalIgnoreCase) => "content-complete",
        _ when reason.StartsWith("reprocess", StringComparison.OrdinalIgnoreCase) => "reprocess",
        _ => reason,
    };

    /// <summary>Issuer of Patient ID (0010,0021) from one file's header; null when absent or unreadable.</summary>
    private static string? Issuer(string path)
    {
        try
        {
            var issuer = DicomFile.Open(path, HeaderOnly).Dataset.GetString(DicomTag.IssuerOfPatientID)?.Trim();
            return string.IsNullOrEmpty(issuer) ? null : issuer;
        }
        catch (Exception e) when (e is IOException or DicomException)
        {
            return null;
        }
    }

    private sealed class StudyReopenedException : Exception;

    [LoggerMessage(EventId = 4210, Level = LogLevel.Information,
        Message = "Study {StudyInstanceUid} version {Version}: read {Studies} stud(ies) of the patient, {Instances} instance(s); {Assessments} timepoint assessment(s)")]
    private static partial void LogExtracted(ILogger logger, string studyInstanceUid, int version, int studies, int instances, int assessments);

    [LoggerMessage(EventId = 4211, Level = LogLevel.Debug, Message = "Extraction of study {StudyInstanceUid}: {Note}")]
    private static partial void LogExtractionNote(ILogger logger, string studyInstanceUid, string note);
}
