namespace ImagingPipeline.Contracts;

/// <summary>A radiotherapist's decision on one site.</summary>
public sealed record SiteDecision
{
    public required string SiteId { get; init; }

    /// <summary>Confirmed progressive (true), not progressive (false), undecided (null).</summary>
    public bool? Progressive { get; init; }

    /// <summary>Suitable for SBRT (true), not suitable (false), undecided (null).</summary>
    public bool? SbrtSuitable { get; init; }

    public string? Reason { get; init; }

    /// <summary>The nodal region the reviewer assigned, when it differs from the extracted one.</summary>
    public string? NodalRegionOverride { get; init; }

    /// <summary>Merge: the siteId this site was merged into (counted as one site with it), or null.</summary>
    public string? MergedInto { get; init; }

    /// <summary>
    /// Split: a node counted as a site of its own although it shares a nodal region with other
    /// nodes (the region cannot be treated in one SBRT course). Non-nodal sites always count on
    /// their own, so this changes nothing for them.
    /// </summary>
    public bool CountedSeparately { get; init; }
}
