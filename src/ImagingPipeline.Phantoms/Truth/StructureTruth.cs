using ImagingPipeline.Phantoms.Geometry;
using ImagingPipeline.Phantoms.Specs;

namespace ImagingPipeline.Phantoms.Truth;

/// <summary>
/// What a structure measures, computed from the generator's own closed forms (never from the
/// extraction code): polygon areas n/2·a·b·sin(2π/n) × CT slice spacing, area-weighted centres,
/// the longest vertex distance per plane and the ellipse's minor axis across it.
/// </summary>
public sealed record StructureTruth
{
    public required int RoiNumber { get; init; }

    public required string Name { get; init; }

    public required string InterpretedType { get; init; }

    /// <summary>The site the extractor should report; null for structures that are not lesions.</summary>
    public SiteExpectation? Site { get; init; }

    public bool IsLesion => Site is not null;

    public required int PlaneCount { get; init; }

    public required double VolumeCc { get; init; }

    /// <summary>Centroid in the structure set's frame, mm.</summary>
    public required PointMm CentroidMm { get; init; }

    public required double LongestDiameterMm { get; init; }

    /// <summary>The minor axis on the plane of the longest diameter; null when that plane holds several islands.</summary>
    public double? ShortAxisMm { get; init; }

    /// <summary>Whether the structure has islands (several solids) or holes.</summary>
    public bool HasIslands { get; init; }

    public bool HasHoles { get; init; }

    /// <summary>SUVbw maximum: the largest uptake at a PET voxel centre inside the structure, when the timepoint has a PET; else null.</summary>
    public double? SuvMax { get; init; }

    /// <summary>"New", "Progressing", "Stable" or "Responding" against the baseline structure set; null without one.</summary>
    public string? Progression { get; init; }

    /// <summary>Change of the RECIST measure (longest diameter; short axis for nodes) from the baseline, percent.</summary>
    public double? MeasureChangePercent { get; init; }
}
