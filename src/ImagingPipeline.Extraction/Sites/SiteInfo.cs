namespace ImagingPipeline.Extraction.Sites;

/// <summary>Where a lesion is (DOMAIN §5).</summary>
internal sealed record SiteInfo
{
    public required string Organ { get; init; }

    public string? Laterality { get; init; }

    public bool IsIntracranial { get; init; }

    public string? LymphNodeStation { get; init; }

    public string? NodalRegion { get; init; }

    /// <summary>"anatomic-code", "roi-name" or "unknown".</summary>
    public required string Source { get; init; }

    public bool IsNodal => NodalRegion is not null || LymphNodeStation is not null || Organ == SiteClassifier.LymphNode;
}
