using ImagingPipeline.Contracts;

namespace ImagingPipeline.Worker.Assessments;

/// <summary>One stored decision on one site: what was decided, by whom, when, on which assessment version.</summary>
internal sealed record ReviewDecisionEntry(
    long Id, string StudyInstanceUid, int AssessmentVersion, SiteDecision Decision, string DecidedBy, DateTimeOffset DecidedAt);

/// <summary>A sign-off of an assessment version and the SiteReviewCompleted it published.</summary>
internal sealed record ReviewSignOff(
    string StudyInstanceUid, int ReviewVersion, int AssessmentVersion, string SignedBy, DateTimeOffset SignedAt,
    int ExtracranialSiteCount, int IntracranialLesionCount, Guid MessageId, SiteReviewCompleted Message);

/// <summary>
/// What the review page shows for one assessment version: the assessment, the current decision
/// per site (the latest one recorded for this version), the audit trail of every version of the
/// timepoint, its sign-offs, and the counts after the current decisions.
/// </summary>
internal sealed record ReviewView(
    OligoProgressionAssessed Assessment,
    bool IsLatestVersion,
    IReadOnlyDictionary<string, SiteDecision> CurrentDecisions,
    IReadOnlyList<ReviewDecisionEntry> AuditTrail,
    IReadOnlyList<ReviewSignOff> SignOffs,
    int ReviewedExtracranialSiteCount,
    int ReviewedIntracranialLesionCount);

/// <summary>Why a review request was refused.</summary>
internal enum ReviewError
{
    /// <summary>No such timepoint or assessment version (HTTP 404).</summary>
    NotFound,

    /// <summary>The request itself is wrong: unknown site, bad merge target, empty reviewer (HTTP 400).</summary>
    Invalid,

    /// <summary>The version was superseded by a newer extraction: review that one (HTTP 409).</summary>
    Conflict,
}

/// <summary>A review request the repository refused; <see cref="Error"/> says how to answer it.</summary>
internal sealed class ReviewException(ReviewError error, string message) : Exception(message)
{
    public ReviewError Error { get; } = error;
}
