using ImagingPipeline.Contracts;
using ImagingPipeline.Extraction.Sites;

namespace ImagingPipeline.Extraction;

/// <summary>How <see cref="StudyExtractor"/> reads a patient's studies.</summary>
public sealed record ExtractionOptions
{
    /// <summary>ROI names measured as lesions whatever their interpreted type (research ROIs; the CLI's --roi).</summary>
    public IReadOnlyCollection<string> LesionRoiNames { get; init; } = [];

    /// <summary>IASLC station / TG-263 node name → nodal region (nodes count once per region).</summary>
    public NodalRegionMap NodalRegions { get; init; } = new();

    /// <summary>
    /// The patient's previous assessment, when its studies are not among the inputs (the worker keeps
    /// it). It is the baseline of the earliest timepoint assessed in this call, for the same patient.
    /// </summary>
    public OligoProgressionAssessed? PriorAssessment { get; init; }

    /// <summary>Studies less than this after the first study of a timepoint belong to it; earlier ones are priors.</summary>
    public TimeSpan TimepointWindow { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The time written into <see cref="OligoProgressionAssessed.AssessedAt"/>; now when null.</summary>
    public DateTimeOffset? AssessedAt { get; init; }
}
