using ImagingPipeline.Phantoms.Geometry;
using ImagingPipeline.Phantoms.Specs;
using ImagingPipeline.Phantoms.Writers;

namespace ImagingPipeline.Phantoms.Truth;

/// <summary>Computes a structure's truth from its cross-sections with closed forms (see <see cref="StructureTruth"/>).</summary>
internal static class TruthCalculator
{
    public static StructureTruth Measure(int roiNumber, PhantomStructure structure, IReadOnlyList<ContourPlane> planes, double sliceSpacingMm, double? suvMax)
    {
        double area = 0, cx = 0, cy = 0, cz = 0, longest = 0;
        double? shortAxis = null;
        foreach (var plane in planes)
        {
            foreach (var (e, sign) in plane.Solids.Select(e => (e, 1.0)).Concat(plane.Holes.Select(e => (e, -1.0))))
            {
                var a = sign * e.PolygonAreaMm2(structure.Vertices);
                area += a;
                cx += a * e.Centre.X;
                cy += a * e.Centre.Y;
                cz += a * plane.Z;
            }

            var d = LongestVertexDistance(plane, structure.Vertices);
            if (d > longest + 1e-9)
            {
                longest = d;
                shortAxis = plane.Solids.Count == 1 ? 2 * plane.Solids[0].SemiMinorMm : null;
            }
        }

        return new StructureTruth
        {
            RoiNumber = roiNumber,
            Name = structure.Name,
            InterpretedType = structure.InterpretedType,
            Site = structure.Site,
            PlaneCount = planes.Count,
            VolumeCc = area * sliceSpacingMm / 1000,
            CentroidMm = area > 0 ? new PointMm(cx / area, cy / area, cz / area) : default,
            LongestDiameterMm = longest,
            ShortAxisMm = shortAxis,
            HasIslands = structure.Solids.Count > 1,
            HasHoles = structure.Holes.Count > 0,
            SuvMax = suvMax,
        };
    }

    /// <summary>The largest distance between two written (rounded) vertices of the plane.</summary>
    private static double LongestVertexDistance(ContourPlane plane, int vertices)
    {
        var points = plane.Solids.Concat(plane.Holes)
            .SelectMany(e => e.Vertices(vertices))
            .Select(p => (X: DicomValues.RoundedCoordinate(p.X), Y: DicomValues.RoundedCoordinate(p.Y)))
            .ToArray();
        double best = 0;
        for (var i = 0; i < points.Length; i++)
        {
            for (var j = i + 1; j < points.Length; j++)
            {
                var dx = points[i].X - points[j].X;
                var dy = points[i].Y - points[j].Y;
                best = Math.Max(best, (dx * dx) + (dy * dy));
            }
        }

        return Math.Sqrt(best);
    }

    /// <summary>RECIST 1.1 per lesion against the baseline measure: +20 % and +5 mm progressing, −30 % responding.</summary>
    public static (string Status, double? ChangePercent) Progression(StructureTruth now, StructureTruth? before)
    {
        if (before is null)
        {
            return ("New", null);
        }

        var nodal = now.Site?.IsNodal == true;
        var measureNow = nodal ? now.ShortAxisMm ?? 0 : now.LongestDiameterMm;
        var measureBefore = nodal ? before.ShortAxisMm ?? 0 : before.LongestDiameterMm;
        if (nodal && measureBefore < 10 && measureNow >= 10)
        {
            return ("New", null);
        }

        var change = measureNow - measureBefore;
        var percent = measureBefore > 0 ? 100 * change / measureBefore : 0;
        var status = change >= 5 && percent >= 20 ? "Progressing" : percent <= -30 ? "Responding" : "Stable";
        return (status, percent);
    }
}
