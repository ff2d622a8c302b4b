namespace ImagingPipeline.Phantoms.Truth;

/// <summary>The truth of one RT structure set: its structures and the trial counts (DOMAIN §6).</summary>
public sealed record StructureSetTruth
{
    public required string StudyKey { get; init; }

    public required string StudyInstanceUid { get; init; }

    public required DateTime StudyDateTime { get; init; }

    public required string SopInstanceUid { get; init; }

    public required string FrameOfReferenceUid { get; init; }

    /// <summary>The CT series the contours are drawn on.</summary>
    public required string ReferencedSeriesUid { get; init; }

    /// <summary>The PET series the SUV comes from, when the timepoint has one.</summary>
    public string? PetSeriesUid { get; init; }

    /// <summary>The earlier structure set progression is judged against.</summary>
    public string? BaselineStudyUid { get; init; }

    public required IReadOnlyList<StructureTruth> Structures { get; init; }

    public IEnumerable<StructureTruth> Lesions => Structures.Where(s => s.IsLesion);

    /// <summary>Non-nodal extracranial lesions plus one per nodal region.</summary>
    public int ExtracranialSiteCount =>
        Lesions.Count(l => !l.Site!.IsIntracranial && !l.Site.IsNodal) + NodalRegionCount;

    public int IntracranialLesionCount => Lesions.Count(l => l.Site!.IsIntracranial);

    public int NodalRegionCount =>
        Lesions.Where(l => !l.Site!.IsIntracranial && l.Site.IsNodal).Select(l => l.Site!.NodalRegion).Distinct(StringComparer.Ordinal).Count();

    /// <summary>Names of the structures that are not lesions.</summary>
    public IEnumerable<string> NonLesionNames => Structures.Where(s => !s.IsLesion).Select(s => s.Name);
}
