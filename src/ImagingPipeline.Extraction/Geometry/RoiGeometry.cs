namespace ImagingPipeline.Extraction.Geometry;

/// <summary>Geometric measures of one ROI (DOMAIN §3). Lengths in mm, volume in cm³.</summary>
internal sealed record RoiGeometry
{
    public required int PlaneCount { get; init; }

    /// <summary>Σ even-odd area × slab thickness, end planes in full; null when the thickness is unknown (single plane, no images).</summary>
    public double? VolumeCc { get; init; }

    public Vector3Mm? Centroid { get; init; }

    public required Vector3Mm BoundsMin { get; init; }

    public required Vector3Mm BoundsMax { get; init; }

    public required double LongestDiameterMm { get; init; }

    public required double ShortAxisMm { get; init; }

    /// <summary>Slab thickness used for the volume (mm).</summary>
    public double? SlabThicknessMm { get; init; }

    /// <summary>
    /// Measures the closed planar contours of one ROI. Contours on one plane combine by even-odd:
    /// a contour inside an odd number of others is a hole, inside an even number an island.
    /// </summary>
    /// <param name="contours">The ROI's CLOSED_PLANAR contours (at least one, at least three points each).</param>
    /// <param name="sliceSpacingMm">Spacing of the referenced images; when null, the median contour-plane spacing.</param>
    public static RoiGeometry Measure(IReadOnlyList<PlanarContour> contours, double? sliceSpacingMm)
    {
        ArgumentNullException.ThrowIfNull(contours);
        var usable = contours.Where(c => c.Points.Count >= 3).ToList();
        if (usable.Count == 0)
        {
            throw new ArgumentException("No closed contour with at least three points.", nameof(contours));
        }

        var normalSum = usable.Aggregate(default(Vector3Mm), (acc, c) =>
        {
            var n = c.NewellNormal();
            // Orient every normal the same way before summing (holes may wind either way).
            return acc.Dot(n) < 0 ? acc - n : acc + n;
        });
        var basis = PlaneBasis.FromNormal(normalSum);

        var planes = GroupByPlane(usable, basis);
        var thickness = sliceSpacingMm is > 0 ? sliceSpacingMm : MedianSpacing(planes.Select(p => p.Offset).ToList());

        double totalArea = 0, cu = 0, cv = 0, cw = 0, longest = 0, shortAxis = 0;
        foreach (var plane in planes)
        {
            var (area, au, av) = PlaneArea(plane.Polygons);
            totalArea += area;
            cu += au * area;
            cv += av * area;
            cw += plane.Offset * area;
            var (d, s) = Diameters(plane.Polygons);
            if (d > longest)
            {
                longest = d;
                shortAxis = s;
            }
        }

        var all = usable.SelectMany(c => c.Points).ToList();
        var min = new Vector3Mm(all.Min(p => p.X), all.Min(p => p.Y), all.Min(p => p.Z));
        var max = new Vector3Mm(all.Max(p => p.X), all.Max(p => p.Y), all.Max(p => p.Z));
        Vector3Mm? centroid = totalArea > 0 ? basis.Unproject(cu / totalArea, cv / totalArea, cw / totalArea) : null;
        return new RoiGeometry
        {
            PlaneCount = planes.Count,
            VolumeCc = thickness is > 0 ? totalArea * thickness.Value / 1000.0 : null,
            Centroid = centroid,
            BoundsMin = min,
            BoundsMax = max,
            LongestDiameterMm = longest,
            ShortAxisMm = shortAxis,
            SlabThicknessMm = thickness,
        };
    }

    private sealed record Plane(double Offset, List<(double U, double V)[]> Polygons);

    private static List<Plane> GroupByPlane(List<PlanarContour> contours, PlaneBasis basis)
    {
        const double tolerance = 0.01; // mm: contours closer than this along the normal share a plane
        var planes = new List<Plane>();
        foreach (var c in contours.OrderBy(c => basis.Offset(c.Points[0])))
        {
            var offset = c.Points.Average(basis.Offset);
            var poly = c.Points.Select(basis.Project).ToArray();
            if (planes.Count > 0 && Math.Abs(planes[^1].Offset - offset) < tolerance)
            {
                planes[^1].Polygons.Add(poly);
            }
            else
            {
                planes.Add(new Plane(offset, [poly]));
            }
        }

        return planes;
    }

    private static double? MedianSpacing(List<double> offsets)
    {
        if (offsets.Count < 2)
        {
            return null;
        }

        var gaps = offsets.Zip(offsets.Skip(1), (a, b) => Math.Abs(b - a)).Order().ToList();
        return gaps[gaps.Count / 2];
    }

    /// <summary>Even-odd area and centroid of one plane's polygons (non-intersecting contours assumed).</summary>
    internal static (double Area, double U, double V) PlaneArea(IReadOnlyList<(double U, double V)[]> polygons)
    {
        double area = 0, mu = 0, mv = 0;
        for (var i = 0; i < polygons.Count; i++)
        {
            var depth = 0;
            for (var j = 0; j < polygons.Count; j++)
            {
                if (i != j && PolygonMath.Contains(polygons[j], polygons[i][0]))
                {
                    depth++;
                }
            }

            var (a, u, v) = PolygonMath.AreaCentroid(polygons[i]);
            var sign = depth % 2 == 0 ? 1.0 : -1.0;
            area += sign * a;
            mu += sign * a * u;
            mv += sign * a * v;
        }

        return area > 0 ? (area, mu / area, mv / area) : (0, 0, 0);
    }

    /// <summary>
    /// Longest distance between the plane's points, and the longest chord perpendicular to it. The
    /// farthest pair's ends are vertices of the convex hull, so only those are compared, in the
    /// points' order: the same pair as comparing every pair, without its n² cost (a contour of 20,000
    /// points took half a minute).
    /// </summary>
    internal static (double Longest, double Short) Diameters(IReadOnlyList<(double U, double V)[]> polygons)
    {
        var pts = polygons.SelectMany(p => p).ToArray();
        var hull = PolygonMath.HullIndices(pts);
        double best = 0;
        (double U, double V) a = default, b = default;
        for (var x = 0; x < hull.Length; x++)
        {
            var i = hull[x];
            for (var y = x + 1; y < hull.Length; y++)
            {
                var j = hull[y];
                var du = pts[i].U - pts[j].U;
                var dv = pts[i].V - pts[j].V;
                var d2 = (du * du) + (dv * dv);
                if (d2 > best)
                {
                    best = d2;
                    a = pts[i];
                    b = pts[j];
                }
            }
        }

        var longest = Math.Sqrt(best);
        if (longest == 0)
        {
            return (0, 0);
        }

        return (longest, PolygonMath.LongestPerpendicularChord(polygons, a, b));
    }
}
