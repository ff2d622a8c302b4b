namespace ImagingPipeline.Contracts;

/// <summary>
/// The reference eligibility consumer's answer: which of the trial's imaging criteria are met,
/// not met, or awaiting review. It is not an enrolment decision.
/// </summary>
public sealed record ImagingEligibilityAssessed : IVersionedMessage
{
    public required string StudyInstanceUid { get; init; }

    public required string PatientId { get; init; }

    /// <summary>Version of this answer for the study (increments with each input it re-evaluates).</summary>
    public required int Version { get; init; }

    public required int AssessmentVersion { get; init; }

    public int? ReviewVersion { get; init; }

    public IReadOnlyList<CriterionResult> Criteria { get; init; } = [];

    /// <summary>Met when every criterion is met, NotMet when any is not, else AwaitingReview.</summary>
    public CriterionStatus ImagingCriteria { get; init; }

    public DateTimeOffset EvaluatedAt { get; init; }
}
