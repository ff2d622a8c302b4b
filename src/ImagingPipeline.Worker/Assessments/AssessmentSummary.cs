namespace ImagingPipeline.Worker.Assessments;

/// <summary>
/// One stored assessment version without its body: what lists need. <see cref="StudyInstanceUid"/>
/// is the timepoint's anchor study; <see cref="SignedOffReviewVersion"/> is the latest sign-off of
/// this very version, null while it awaits review.
/// </summary>
internal sealed record AssessmentSummary(
    string StudyInstanceUid, int Version, int? SupersedesVersion, string PatientId, string? IssuerOfPatientId,
    string? TimepointDate, string? StudyState, int SiteCount, int ExtracranialSiteCount, int IntracranialLesionCount,
    int NodalRegionCount, DateTimeOffset CreatedAt, int? SignedOffReviewVersion);
