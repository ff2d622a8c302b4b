using System.Globalization;
using ImagingPipeline.Contracts;
using ImagingPipeline.Extraction.Geometry;
using ImagingPipeline.Extraction.Pet;
using ImagingPipeline.Extraction.Sites;

namespace ImagingPipeline.Extraction;

/// <summary>
/// Assembles one lesion's <see cref="SiteRecord"/> from its geometry, site and PET figures (DOMAIN §2,
/// §3, §5). A lesion with no closed contour (markers only) has no geometry: its record holds the
/// site and nulls for the measures.
/// </summary>
internal static class LesionRecordBuilder
{
    /// <summary>Relative difference between mask and polygon volume above which a warning is added.</summary>
    public const double MaskVolumeTolerance = 0.20;

    public static SiteRecord Build(
        string structureSetUid, int roiNumber, string roiName, string? interpretedType,
        RoiGeometry? geometry, SiteInfo site, LesionPetMetrics? pet, string? suvUnavailableReason, string? frameOfReferenceUid)
    {
        ArgumentNullException.ThrowIfNull(site);
        var warnings = new List<string>();
        if (geometry is { VolumeCc: null })
        {
            warnings.Add("volume unknown: a single contour plane and no referenced image spacing");
        }

        if (pet is not null && geometry?.VolumeCc is > 0 && Math.Abs(pet.MtvCc - geometry.VolumeCc.Value) > MaskVolumeTolerance * geometry.VolumeCc.Value)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"PET mask volume {pet.MtvCc:0.###} cm³ differs from the polygon volume {geometry.VolumeCc:0.###} cm³ by more than 20 % (small lesion on a coarse grid)"));
        }

        if (pet is null && suvUnavailableReason is not null && geometry is not null)
        {
            warnings.Add("no SUV: " + suvUnavailableReason);
        }

        return new SiteRecord
        {
            SiteId = $"{structureSetUid}/{roiNumber.ToString(CultureInfo.InvariantCulture)}",
            RoiNumber = roiNumber,
            RoiName = roiName,
            InterpretedType = interpretedType,
            IsIntracranial = site.IsIntracranial,
            Organ = site.Organ,
            Laterality = site.Laterality,
            LymphNodeStation = site.LymphNodeStation,
            NodalRegion = site.NodalRegion,
            SiteSource = site.Source,
            CentroidMm = geometry?.Centroid is { } c ? [c.X, c.Y, c.Z] : null,
            BoundingBoxMm = geometry is null ? null
                : [geometry.BoundsMin.X, geometry.BoundsMin.Y, geometry.BoundsMin.Z, geometry.BoundsMax.X, geometry.BoundsMax.Y, geometry.BoundsMax.Z],
            VolumeCc = geometry?.VolumeCc,
            MaskVolumeCc = pet?.MtvCc,
            LongestDiameterMm = geometry?.LongestDiameterMm,
            ShortAxisMm = geometry?.ShortAxisMm,
            PlaneCount = geometry?.PlaneCount ?? 0,
            SuvMax = pet?.SuvMax,
            SuvPeak = pet?.SuvPeak,
            SuvMean = pet?.SuvMean,
            MtvCc = pet?.MtvCc,
            Tlg = pet?.Tlg,
            FrameOfReferenceUid = frameOfReferenceUid,
            Warnings = warnings,
        };
    }
}
