using System.Globalization;
using ImagingPipeline.Contracts;
using ImagingPipeline.Extraction.Binding;
using ImagingPipeline.Extraction.Geometry;
using ImagingPipeline.Extraction.Pet;
using ImagingPipeline.Extraction.Sites;

namespace ImagingPipeline.Extraction.Measurement;

/// <summary>
/// Measures one lesion ROI: polygon geometry in its own frame (DOMAIN §3), site (§5, with the Brain
/// structure rule), and PET figures on the PET grid through the registration (§2, §4).
/// </summary>
internal static class LesionMeasurer
{
    /// <summary>Contour planes within this angle of the PET slices are rasterised slice by slice; beyond it voxel by voxel.</summary>
    private static readonly double ParallelCosine = Math.Cos(0.5 * Math.PI / 180);

    public static (SiteRecord Record, SiteInfo Site) Measure(RoiInfo roi, LesionContext context)
    {
        ArgumentNullException.ThrowIfNull(roi);
        ArgumentNullException.ThrowIfNull(context);
        var warnings = new List<string>();
        var closed = roi.Contours.Select(c => c.Closed).OfType<PlanarContour>().ToList();
        var missing = roi.Contours.Where(c => c.ImageUids.Any(u => !context.Images.ContainsKey(u))).ToList();
        if (missing.Count > 0)
        {
            var example = missing[0].ImageUids.First(u => !context.Images.ContainsKey(u));
            warnings.Add(Invariant($"{missing.Count} of {roi.Contours.Count} contours reference images that were not received (first: {example})"));
        }

        var site = SiteClassifier.Classify(roi.Name, roi.AnatomicCodeMeaning, context.NodalRegions);
        var referencedSeries = roi.Contours.SelectMany(c => c.ImageUids).Select(u => context.Images.GetValueOrDefault(u)?.Id.SeriesInstanceUid)
            .FirstOrDefault(s => s is not null) ?? context.ReferencedSeriesUid;
        if (closed.Count == 0)
        {
            warnings.Add(Invariant($"no closed planar contour ({roi.Contours.Count} markers or open contours): not measured"));
            var marker = LesionRecordBuilder.Build(context.StructureSet.Id.SopInstanceUid, roi.Number, roi.Name, roi.InterpretedType, null, site, null, null, context.FrameOfReferenceUid);
            return (marker with { Color = roi.Color, ReferencedSeriesUid = referencedSeries, Unregistered = context.Unregistered, Warnings = warnings }, site);
        }

        var geometry = RoiGeometry.Measure(closed, context.SlabThicknessMm);
        if (!site.IsIntracranial && context.Brain is { } brain && geometry.Centroid is { } centroid && brain.Contains(centroid))
        {
            if (site.Organ != SiteClassifier.Unknown)
            {
                warnings.Add($"lies inside the Brain structure although its name or code says {site.Organ}: counted as intracranial — review");
            }

            site = site with { IsIntracranial = true, Organ = site.Organ == SiteClassifier.Unknown ? "brain" : site.Organ, Source = "brain-structure" };
        }

        LesionPetMetrics? pet = null;
        var noSuv = context.NoSuvReason;
        if (context.Pet is { } volume && context.ToPet is { } toPet)
        {
            pet = LesionPetMetrics.Compute(volume, Mask(closed, toPet, volume.Grid));
            if (pet is null)
            {
                noSuv = "no PET voxel centre lies inside the lesion (small for the PET grid)";
            }
        }

        var record = LesionRecordBuilder.Build(context.StructureSet.Id.SopInstanceUid, roi.Number, roi.Name, roi.InterpretedType, geometry, site, pet, noSuv, context.FrameOfReferenceUid);
        return (record with
        {
            Color = roi.Color,
            ReferencedSeriesUid = referencedSeries,
            PetSeriesUid = pet is null ? null : context.PetSeriesUid,
            SulPeak = pet is not null && context.SulFactor is { } sul ? pet.SuvPeak * sul : null,
            Unregistered = context.Unregistered,
            Warnings = [.. record.Warnings, .. warnings],
        }, site);
    }

    /// <summary>The lesion's voxels on the PET grid: slice by slice when the contour planes are parallel to the slices, else voxel by voxel.</summary>
    internal static VoxelMask Mask(IReadOnlyList<PlanarContour> contours, Matrix4 roiToGrid, ImageGrid grid)
    {
        var moved = contours.Select(c => new PlanarContour([.. c.Points.Select(roiToGrid.Transform)])).ToList();
        var normal = moved.Aggregate(default(Vector3Mm), (acc, c) =>
        {
            var n = c.NewellNormal();
            return acc.Dot(n) < 0 ? acc - n : acc + n;
        }).Normalized();
        return Math.Abs(normal.Dot(grid.Normal)) >= ParallelCosine
            ? MaskRasterizer.Rasterize(moved, grid)
            : ObliqueMaskSampler.Sample(contours, roiToGrid, grid);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
