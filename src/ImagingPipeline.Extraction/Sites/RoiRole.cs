namespace ImagingPipeline.Extraction.Sites;

/// <summary>What an ROI is for extraction (DOMAIN §5).</summary>
internal enum RoiRole
{
    /// <summary>A lesion: GTV/ITV/IGTV by type, or a TG-263 GTV name when the type is empty, or forced by name.</summary>
    Lesion,

    /// <summary>CTV/PTV, organs, external, avoidance, optimisation structures: kept by name for review only.</summary>
    Ignored,
}
