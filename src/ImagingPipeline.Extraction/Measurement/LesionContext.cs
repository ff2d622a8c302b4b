using ImagingPipeline.Extraction.Binding;
using ImagingPipeline.Extraction.Geometry;
using ImagingPipeline.Extraction.Pet;
using ImagingPipeline.Extraction.Sites;

namespace ImagingPipeline.Extraction.Measurement;

/// <summary>What every lesion of one structure set is measured against.</summary>
internal sealed record LesionContext
{
    public required StructureSetInfo StructureSet { get; init; }

    public string? FrameOfReferenceUid { get; init; }

    /// <summary>Slice spacing of the images the contours were drawn on; null when they are missing.</summary>
    public double? SlabThicknessMm { get; init; }

    /// <summary>The series the contours were drawn on.</summary>
    public string? ReferencedSeriesUid { get; init; }

    /// <summary>The Brain ORGAN structure of the same set, for the intracranial rule.</summary>
    public PlaneStack? Brain { get; init; }

    public PetVolume? Pet { get; init; }

    public string? PetSeriesUid { get; init; }

    /// <summary>Maps the structure set's frame into the PET's.</summary>
    public Matrix4? ToPet { get; init; }

    public double? SulFactor { get; init; }

    /// <summary>Why there is no SUV for any lesion; null when there is a PET volume.</summary>
    public string? NoSuvReason { get; init; }

    public bool Unregistered { get; init; }

    /// <summary>Every image received for the patient, by SOP Instance UID.</summary>
    public required IReadOnlyDictionary<string, ImageSlice> Images { get; init; }

    public required NodalRegionMap NodalRegions { get; init; }
}
