namespace ImagingPipeline.Contracts;

/// <summary>
/// One lesion (an RT structure ROI judged a lesion) with its geometry, PET metrics, site and
/// progression. Coordinates are patient coordinates (mm) in <see cref="FrameOfReferenceUid"/>.
/// A null metric means it could not be computed; <see cref="Warnings"/> says why.
/// </summary>
public sealed record SiteRecord
{
    /// <summary>Stable id of the lesion within the study: "{structureSetSopInstanceUid}/{roiNumber}".</summary>
    public required string SiteId { get; init; }

    public required int RoiNumber { get; init; }

    public required string RoiName { get; init; }

    /// <summary>RTROIInterpretedType (3006,00A4) as received; may be empty.</summary>
    public string? InterpretedType { get; init; }

    /// <summary>Display colour (3006,002A) as [r,g,b] when present.</summary>
    public IReadOnlyList<int>? Color { get; init; }

    public bool IsIntracranial { get; init; }

    /// <summary>Organ/site ("lung", "liver", "bone", "brain", "lymph node", …) or "unknown — review".</summary>
    public string? Organ { get; init; }

    /// <summary>"L", "R", "B" (bilateral/midline) or null.</summary>
    public string? Laterality { get; init; }

    /// <summary>IASLC station (1R … 14) or TG-263 extrathoracic node name; null for non-nodal lesions.</summary>
    public string? LymphNodeStation { get; init; }

    /// <summary>Nodal region the station belongs to (nodes are counted once per region); null for non-nodal lesions.</summary>
    public string? NodalRegion { get; init; }

    /// <summary>Where organ/site came from: "anatomic-code", "roi-name", "brain-structure", "unknown".</summary>
    public string? SiteSource { get; init; }

    /// <summary>Centroid [x, y, z] in mm.</summary>
    public IReadOnlyList<double>? CentroidMm { get; init; }

    /// <summary>Bounding box [xmin, ymin, zmin, xmax, ymax, zmax] in mm.</summary>
    public IReadOnlyList<double>? BoundingBoxMm { get; init; }

    /// <summary>Polygon volume: Σ even-odd area × slab thickness, cm³.</summary>
    public double? VolumeCc { get; init; }

    /// <summary>Voxel-mask volume on the PET grid, cm³ (warned when it differs from volumeCc by &gt; 20 %).</summary>
    public double? MaskVolumeCc { get; init; }

    public double? LongestDiameterMm { get; init; }

    public double? ShortAxisMm { get; init; }

    public int PlaneCount { get; init; }

    /// <summary>SUVbw maximum inside the lesion (voxel centres inside the contour, PET grid).</summary>
    public double? SuvMax { get; init; }

    /// <summary>SUVbw peak: mean of voxels within 6.2 mm of the hottest lesion voxel (local peak).</summary>
    public double? SuvPeak { get; init; }

    public double? SuvMean { get; init; }

    /// <summary>SUL (Janmahasatian lean body mass) peak, when height and sex are known.</summary>
    public double? SulPeak { get; init; }

    /// <summary>Metabolic tumour volume, cm³ (the whole lesion mask; see the assessment's methods).</summary>
    public double? MtvCc { get; init; }

    /// <summary>Total lesion glycolysis = SUVmean × MTV.</summary>
    public double? Tlg { get; init; }

    public string? FrameOfReferenceUid { get; init; }

    /// <summary>The image series the contours were drawn on.</summary>
    public string? ReferencedSeriesUid { get; init; }

    /// <summary>The PET series the SUV figures come from.</summary>
    public string? PetSeriesUid { get; init; }

    /// <summary>True when the lesion's frame could not be related to the others (no shared frame, no registration).</summary>
    public bool Unregistered { get; init; }

    public Progression? Progression { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];
}
