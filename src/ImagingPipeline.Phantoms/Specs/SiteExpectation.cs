namespace ImagingPipeline.Phantoms.Specs;

/// <summary>Where the author of a phantom put a lesion: the site classification the extractor is expected to report.</summary>
public sealed record SiteExpectation
{
    public required string Organ { get; init; }

    public string? Laterality { get; init; }

    public bool IsIntracranial { get; init; }

    public string? LymphNodeStation { get; init; }

    public string? NodalRegion { get; init; }

    public bool IsNodal => NodalRegion is not null;
}
