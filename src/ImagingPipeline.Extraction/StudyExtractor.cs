using System.Globalization;
using ImagingPipeline.Contracts;
using ImagingPipeline.Dicom;
using ImagingPipeline.Extraction.Frames;
using ImagingPipeline.Extraction.Measurement;
using ImagingPipeline.Extraction.Progression;
using ImagingPipeline.Extraction.Timepoints;

namespace ImagingPipeline.Extraction;

/// <summary>
/// The extraction entry point the worker and the CLI share. Give it every instance of a patient
/// (or several patients): PET/CT studies, planning CTs with RT structure sets, registrations, earlier
/// studies. It groups them by patient and timepoint, and for every timepoint with an RT structure set
/// returns one assessment in the shape of <see cref="OligoProgressionAssessed"/>: sites measured in
/// the structure set's frame, SUV from the timepoint's PET (same frame or through registrations,
/// either direction, several hops), counts, progression against the latest earlier timepoint, the
/// studies used and why, and every warning. It never throws for content; only I/O it cannot do at
/// all (a missing folder) or cancellation surface as exceptions.
/// </summary>
public sealed class StudyExtractor
{
    public StudyExtractor(ExtractionOptions? options = null) => Options = options ?? new ExtractionOptions();

    public ExtractionOptions Options { get; }

    /// <summary>Name and version written into every assessment.</summary>
    public static string ExtractorVersion { get; } = "ImagingPipeline.Extraction " +
        (typeof(StudyExtractor).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    public ExtractionResult Extract(IEnumerable<ExtractionInput> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var catalog = InstanceCatalog.Read(inputs, cancellationToken);
        var patients = TimepointGrouper.Group(catalog, Options.TimepointWindow);
        var assessedAt = Options.AssessedAt ?? DateTimeOffset.UtcNow;
        var warnings = new List<string>(catalog.Notes);
        var assessments = new List<OligoProgressionAssessed>();
        foreach (var patient in patients)
        {
            var current = new List<OligoProgressionAssessed>();
            foreach (var timepoint in patient.Timepoints)
            {
                cancellationToken.ThrowIfCancellationRequested();
                OligoProgressionAssessed? assessment;
                try
                {
                    assessment = TimepointAssessor.Assess(patient, timepoint, Options, assessedAt);
                }
                catch (Exception ex) when (ex is ArithmeticException or ArgumentException or InvalidOperationException or DicomException)
                {
                    // Content no rule foresaw: say so and go on with the other timepoints.
                    warnings.Add($"patient {patient.PatientId}: the timepoint of {Day(timepoint.Date)} could not be assessed: {ex.Message}");
                    continue;
                }

                if (assessment is null)
                {
                    warnings.Add($"patient {patient.PatientId}: the timepoint of {Day(timepoint.Date)} (studies {string.Join(", ", timepoint.StudyUids)}) has no RT structure set: nothing to assess");
                    continue;
                }

                current.Add(assessment);
            }

            var prior = Options.PriorAssessment is { } p && p.PatientId == patient.PatientId && current.All(a => a.StudyInstanceUid != p.StudyInstanceUid) ? p : null;
            foreach (var assessment in current)
            {
                var judged = WithProgression(assessment, prior, patient.Frames);
                assessments.Add(judged);
                prior = judged;
            }
        }

        return new ExtractionResult
        {
            Assessments = assessments,
            Warnings = warnings,
            InstancesRead = catalog.BySopInstance.Count,
            FilesSkipped = catalog.SkippedFiles,
        };
    }

    private static OligoProgressionAssessed WithProgression(OligoProgressionAssessed assessment, OligoProgressionAssessed? baseline, FrameGraph frames)
    {
        var (sites, recist) = ProgressionAssessor.Assess(assessment.Sites, baseline, frames.Transform);
        if (baseline is null)
        {
            return assessment with { Sites = sites, Recist = recist };
        }

        var date = baseline.StudiesUsed.FirstOrDefault(s => s.StudyInstanceUid == baseline.StudyInstanceUid)?.StudyDate;
        return assessment with
        {
            Sites = sites,
            Recist = recist,
            BaselineStudyUid = baseline.StudyInstanceUid,
            StudiesUsed =
            [
                .. assessment.StudiesUsed,
                new StudyReference
                {
                    StudyInstanceUid = baseline.StudyInstanceUid,
                    Role = StudyRoles.Baseline,
                    StudyDate = date,
                    Reason = "latest earlier timepoint" + (date is { } d ? " (" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ")" : ""),
                },
            ],
        };
    }

    private static string Day(DateTime? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "unknown date";
}
