namespace ImagingPipeline.Contracts;

/// <summary>
/// What a site is counted as (and treated with): its nodal region, or a site of its own (the site
/// it was merged into, or itself). Exactly one of the two is set.
/// </summary>
public sealed record SiteGroup(string? NodalRegion, string? SiteId)
{
    /// <summary>"nodal region {name}" or "site {siteId}"; groups compare by this, ignoring case.</summary>
    public string Label => NodalRegion is not null ? $"nodal region {NodalRegion}" : $"site {SiteId}";
}
