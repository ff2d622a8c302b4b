namespace ImagingPipeline.Contracts;

/// <summary>
/// One lesion of an assessment, published once per lesion per assessment version. Intracranial
/// lesions are published too, flagged by <see cref="SiteRecord.IsIntracranial"/>; they never count
/// towards the extracranial total.
/// </summary>
public sealed record ProgressiveSiteIdentified : IVersionedMessage
{
    public required string StudyInstanceUid { get; init; }

    public required string PatientId { get; init; }

    /// <summary>The version of the assessment this site belongs to.</summary>
    public required int Version { get; init; }

    public required SiteRecord Site { get; init; }

    /// <summary>Position of the site in the assessment (0-based) and the number of sites, so a consumer knows when it has them all.</summary>
    public int SiteIndex { get; init; }

    public int SiteCount { get; init; }
}
