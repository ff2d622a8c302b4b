using ImagingPipeline.Contracts;

namespace ImagingPipeline.Extraction;

/// <summary>What <see cref="StudyExtractor.Extract"/> found: one assessment per patient timepoint that has an RT structure set.</summary>
public sealed record ExtractionResult
{
    /// <summary>Per patient in Patient ID order, timepoints in date order (baselines first).</summary>
    public required IReadOnlyList<OligoProgressionAssessed> Assessments { get; init; }

    /// <summary>What concerns no single assessment: unreadable or ignored instances, timepoints without a structure set.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>DICOM instances read.</summary>
    public int InstancesRead { get; init; }

    /// <summary>Files that are not DICOM (a README beside the images, …).</summary>
    public int FilesSkipped { get; init; }

    /// <summary>The assessment of the timepoint a study belongs to (as the worker asks after that study completes), or null.</summary>
    public OligoProgressionAssessed? ForStudy(string studyInstanceUid)
        => Assessments.LastOrDefault(a => a.StudiesUsed.Any(s => s.StudyInstanceUid == studyInstanceUid && s.Role != StudyRoles.Baseline));
}
