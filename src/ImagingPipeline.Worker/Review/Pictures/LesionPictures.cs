using System.Globalization;
using ImagingPipeline.Contracts;
using ImagingPipeline.Extraction.Binding;
using ImagingPipeline.Extraction.Geometry;
using ImagingPipeline.Worker.Assessments;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Review.Pictures;

/// <summary>
/// The pictures of one lesion of one assessment version: the CT slice nearest its centroid (or
/// <c>offset</c> slices from it) and the PET fused over that slice, each with the lesion's
/// contours on the slice and their longest chord. Served from <see cref="PictureCache"/>; on a
/// miss the structure set, the CT series headers and the one CT slice (plus the PET slices the
/// plane crosses) are read, drawn and cached.
/// </summary>
internal sealed class LesionPictures(
    AssessmentRepository assessments, ImagingIndex index, ImagingSources sources, PictureCache cache, IOptions<ReviewOptions> options)
{
    /// <summary>The PNG (<paramref name="size"/> pixels square, else <c>Review:PictureSize</c>), or null when there is no such assessment version or site.</summary>
    public async Task<byte[]?> GetAsync(string anchorStudyUid, int version, int siteIndex, PictureKind kind, int offset, CancellationToken ct,
        int? size = null)
    {
        var pixels = Math.Clamp(size ?? options.Value.PictureSize, 128, 1024);
        var assessment = await assessments.GetAsync(anchorStudyUid, version, ct);
        if (assessment is null || siteIndex < 0 || siteIndex >= assessment.Sites.Count)
        {
            return null;
        }

        var site = assessment.Sites[siteIndex];
        var (structureSetUid, _) = SplitSiteId(site.SiteId);
        string[] series = [.. new[] { site.ReferencedSeriesUid, kind == PictureKind.Pet ? site.PetSeriesUid : null }.OfType<string>()];
        var stamp = await index.StampAsync(series, structureSetUid, ct);
        var name = string.Create(CultureInfo.InvariantCulture, $"s{siteIndex}-{kind.ToString().ToLowerInvariant()}{offset:+0;-0;0}-{pixels}");
        var path = cache.PathFor(anchorStudyUid, version, name, stamp);
        if (await PictureCache.ReadAsync(path, ct) is { } cached)
        {
            return cached;
        }

        var png = await RenderAsync(assessment, site, kind, offset, pixels, stamp, ct);
        await PictureCache.WriteAsync(path, png, ct);
        return png;
    }

    /// <summary>"{structure set SOP Instance UID}/{ROI number}" → its parts (ROI number null when malformed).</summary>
    public static (string StructureSetUid, int? RoiNumber) SplitSiteId(string siteId)
    {
        ArgumentNullException.ThrowIfNull(siteId);
        var slash = siteId.LastIndexOf('/');
        return slash < 0
            ? (siteId, null)
            : (siteId[..slash], int.TryParse(siteId[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null);
    }

    private async Task<byte[]> RenderAsync(OligoProgressionAssessed assessment, SiteRecord site, PictureKind kind, int offset, int size, string stamp,
        CancellationToken ct)
    {
        var title = kind == PictureKind.Ct ? "CT" : "PET/CT";
        var (structureSetUid, roiNumber) = SplitSiteId(site.SiteId);
        var structureSet = await sources.StructureSetAsync(structureSetUid, stamp, ct);
        var roi = structureSet?.Rois.FirstOrDefault(r => r.Number == roiNumber);
        if (roi is null)
        {
            return PictureRenderer.RenderMessage(size, title, "The structure set of this lesion is not in the store.");
        }

        var ctSeries = site.ReferencedSeriesUid ?? structureSet!.ReferencedSeries.FirstOrDefault();
        var ctStack = ctSeries is null ? null : await sources.StackAsync(ctSeries, pet: false, stamp, ct);
        if (ctStack is null)
        {
            return PictureRenderer.RenderMessage(size, title, "The CT images the contours were drawn on are not in the store.");
        }

        var contours = roi.Contours.Select(c => c.Closed).OfType<PlanarContour>().ToList();
        var centroid = site.CentroidMm is [var x, var y, var z] ? new Vector3Mm(x, y, z) : Mean(contours);
        var baseIndex = ctStack.Nearest(centroid);
        var k = Math.Clamp(baseIndex + offset, 0, ctStack.Slices.Count - 1);
        var slice = ctStack.Slices[k];
        var normal = ctStack.Normal;
        var frame = new PictureFrame(centroid + (normal * (slice.Position - centroid).Dot(normal)), slice.RowDirection, slice.ColumnDirection, size,
            PictureFrame.FieldOfViewMm(site.LongestDiameterMm) / size);
        var onPlane = contours.Where(c => Math.Abs((Mean([c]) - slice.Position).Dot(normal)) <= ctStack.SpacingMm / 2).ToList();
        var overlay = new PictureOverlay
        {
            Contours = [.. onPlane.Select(c => (IReadOnlyList<(float, float)>)[.. c.Points.Select(frame.Project)])],
            Diameter = LongestChord(onPlane) is { } chord ? (frame.Project(chord.A), frame.Project(chord.B), chord.LengthMm) : null,
            Footer = string.Create(CultureInfo.InvariantCulture,
                $"slice {k + 1}/{ctStack.Slices.Count} · {(k == baseIndex ? "centroid" : (k - baseIndex).ToString("+0;-0", CultureInfo.InvariantCulture))}"),
            Sides = (Side(slice.RowDirection * -1), Side(slice.RowDirection)),
        };
        var ctSlice = DecodedSlice.Read(slice);
        if (kind == PictureKind.Ct)
        {
            var window = CtWindow.For(site.Organ);
            return PictureRenderer.RenderCt(frame, ctSlice, window, overlay with
            {
                Title = string.Create(CultureInfo.InvariantCulture, $"CT · {window.Name} W{window.Width:0} L{window.Centre:0}"),
            });
        }

        return await RenderPetAsync(assessment, site, frame, ctSlice, overlay, stamp, ct);
    }

    private async Task<byte[]> RenderPetAsync(OligoProgressionAssessed assessment, SiteRecord site, PictureFrame frame, DecodedSlice ctSlice,
        PictureOverlay overlay, string stamp, CancellationToken ct)
    {
        var size = frame.Size;
        var petStack = site.PetSeriesUid is { } petSeries ? await sources.StackAsync(petSeries, pet: true, stamp, ct) : null;
        if (petStack is null)
        {
            return PictureRenderer.RenderMessage(size, "PET/CT", "No PET series of this timepoint is in the store for this lesion.");
        }

        var petFrame = petStack.Slices[0].Id.FrameOfReferenceUid;
        var toPet = petFrame == site.FrameOfReferenceUid
            ? Matrix4.Identity
            : (await sources.FramesAsync(assessment.PatientId, ct)).Transform(site.FrameOfReferenceUid, petFrame);
        if (toPet is null)
        {
            return PictureRenderer.RenderMessage(size, "PET/CT", "The PET is in another frame of reference and no registration in the store joins it to the CT.");
        }

        var sampler = PetSampler.Load(petStack, toPet, frame, ct);
        // The lesion's own SUVmax never saturates: a hot brain metastasis stays visible above the brain's uptake.
        var max = sampler.IsSuv ? Math.Max(options.Value.PetSuvScaleMax, Math.Ceiling(site.SuvMax ?? 0)) : Math.Max(1e-6, sampler.MaximumOver(frame));
        var title = sampler.IsSuv
            ? string.Create(CultureInfo.InvariantCulture, $"PET/CT · SUVbw 0–{max:0.#}")
            : "PET/CT · no SUV (" + petStack.NoSuvReason + ")";
        return PictureRenderer.RenderFused(frame, ctSlice, sampler.Sample, max, overlay with { Title = title });
    }

    private static Vector3Mm Mean(IReadOnlyList<PlanarContour> contours)
    {
        var points = contours.SelectMany(c => c.Points).ToList();
        return points.Count == 0
            ? new Vector3Mm(0, 0, 0)
            : new Vector3Mm(points.Average(p => p.X), points.Average(p => p.Y), points.Average(p => p.Z));
    }

    /// <summary>The two contour points farthest apart on this plane.</summary>
    private static (Vector3Mm A, Vector3Mm B, double LengthMm)? LongestChord(IReadOnlyList<PlanarContour> contours)
    {
        var points = contours.SelectMany(c => c.Points).ToList();
        (Vector3Mm, Vector3Mm, double)? best = null;
        for (var i = 0; i < points.Count; i++)
        {
            for (var j = i + 1; j < points.Count; j++)
            {
                var length = (points[i] - points[j]).Length;
                if (best is null || length > best.Value.Item3)
                {
                    best = (points[i], points[j], length);
                }
            }
        }

        return best;
    }

    /// <summary>The patient direction a unit vector points to most: L/R (x), P/A (y), H/F (z).</summary>
    private static string Side(Vector3Mm direction)
    {
        var (ax, ay, az) = (Math.Abs(direction.X), Math.Abs(direction.Y), Math.Abs(direction.Z));
        return ax >= ay && ax >= az ? (direction.X > 0 ? "L" : "R")
            : ay >= az ? (direction.Y > 0 ? "P" : "A")
            : direction.Z > 0 ? "H" : "F";
    }
}
