namespace ImagingPipeline.Contracts;

/// <summary>A radiotherapist signed off the review of an assessment version.</summary>
public sealed record SiteReviewCompleted : IVersionedMessage
{
    public required string StudyInstanceUid { get; init; }

    public required string PatientId { get; init; }

    /// <summary>Version of the review for this study (a new extraction version asks for review again).</summary>
    public required int Version { get; init; }

    /// <summary>The OligoProgressionAssessed version that was reviewed.</summary>
    public required int AssessmentVersion { get; init; }

    /// <summary>User name of the reviewer.</summary>
    public required string ReviewedBy { get; init; }

    public DateTimeOffset ReviewedAt { get; init; }

    public IReadOnlyList<SiteDecision> Decisions { get; init; } = [];

    /// <summary>Extracranial sites not ruled out as non-progressive, counted after the reviewer's merges, splits and region overrides.</summary>
    public int ExtracranialSiteCount { get; init; }

    /// <summary>Intracranial lesions not ruled out as non-progressive.</summary>
    public int IntracranialLesionCount { get; init; }
}
