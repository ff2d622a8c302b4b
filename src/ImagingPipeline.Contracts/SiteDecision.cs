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

    /// <summary>The siteId this site was merged into (counted as one site with it), or null.</summary>
    public string? MergedInto { get; init; }
}
