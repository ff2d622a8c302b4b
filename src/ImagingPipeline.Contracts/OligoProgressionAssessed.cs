namespace ImagingPipeline.Contracts;

/// <summary>
/// The assessment of one patient timepoint: every site, the trial's counts and the versions. It
/// counts and measures; it never says "eligible" — the eligibility consumer states which imaging
/// criteria are met. Version n+1 for the same study supersedes version n.
/// </summary>
public sealed record OligoProgressionAssessed : IVersionedMessage
{
    /// <summary>The study whose completion triggered the assessment (the timepoint's anchor).</summary>
    public required string StudyInstanceUid { get; init; }

    public required string PatientId { get; init; }

    public required int Version { get; init; }

    /// <summary>The version this one replaces; null for the first.</summary>
    public int? SupersedesVersion { get; init; }

    public string? IssuerOfPatientId { get; init; }

    public DateTimeOffset AssessedAt { get; init; }

    /// <summary>Name and version of the extractor that produced the numbers.</summary>
    public string ExtractorVersion { get; init; } = "";

    public ExtractionMethods Methods { get; init; } = new();

    /// <summary>The studies joined into this timepoint and the baseline, with why.</summary>
    public IReadOnlyList<StudyReference> StudiesUsed { get; init; } = [];

    /// <summary>The prior timepoint compared with; null when there was none.</summary>
    public string? BaselineStudyUid { get; init; }

    /// <summary>Non-nodal extracranial lesions, plus one per nodal region with a nodal lesion.</summary>
    public int ExtracranialSiteCount { get; init; }

    /// <summary>Intracranial lesions, listed and counted apart, never in the extracranial count.</summary>
    public int IntracranialLesionCount { get; init; }

    /// <summary>Distinct nodal regions with a nodal lesion.</summary>
    public int NodalRegionCount { get; init; }

    /// <summary>Whether every site has a radiotherapist's SBRT-suitability decision (false until reviewed).</summary>
    public bool AllSitesReviewed { get; init; }

    public RecistSummary? Recist { get; init; }

    public IReadOnlyList<SiteRecord> Sites { get; init; } = [];

    /// <summary>Structures that are not lesions (PTV, organs, optimisation structures), kept for review.</summary>
    public IReadOnlyList<string> NonLesionRois { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];
}
