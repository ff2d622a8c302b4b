namespace ImagingPipeline.Worker.Audit;

/// <summary>
/// One review event as audited: a site decision (<see cref="ReviewAuditKind.Decision"/>) or a sign-off
/// (<see cref="ReviewAuditKind.SignOff"/>) of an assessment version of a patient timepoint, by whom (user and role) and when.
/// </summary>
internal sealed record ReviewAuditEntry
{
    public required string Kind { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string User { get; init; }

    /// <summary>The user's role; null for events recorded before roles were.</summary>
    public string? Role { get; init; }

    public required string PatientId { get; init; }

    public string? IssuerOfPatientId { get; init; }

    /// <summary>The timepoint's anchor study (the assessment's studyInstanceUid).</summary>
    public required string StudyInstanceUid { get; init; }

    public required int AssessmentVersion { get; init; }

    /// <summary>The sign-off's review version (SiteReviewCompleted.version).</summary>
    public int? ReviewVersion { get; init; }

    public string? SiteId { get; init; }

    public bool? Progressive { get; init; }

    public bool? SbrtSuitable { get; init; }

    /// <summary>The reviewer's reason, as typed.</summary>
    public string? Comment { get; init; }

    public string? NodalRegionOverride { get; init; }

    public string? MergedInto { get; init; }

    public bool? CountedSeparately { get; init; }

    /// <summary>Counts the sign-off published.</summary>
    public int? ExtracranialSiteCount { get; init; }

    public int? IntracranialLesionCount { get; init; }
}

/// <summary>Kinds of <see cref="ReviewAuditEntry"/>.</summary>
internal static class ReviewAuditKind
{
    public const string Decision = "decision";
    public const string SignOff = "sign-off";
}

/// <summary>Filter of <c>GET /api/audit/review-decisions</c>: time range (inclusive), patient, at most <see cref="Limit"/> entries.</summary>
internal sealed record ReviewAuditQuery(DateTimeOffset? From, DateTimeOffset? To, string? PatientId, int Limit);
