namespace ImagingPipeline.Extraction.Geometry;

/// <summary>
/// The closed contours of one ROI as parallel planes in their own basis, for point inclusion: a point
/// takes the plane nearest along the normal when it lies within half the plane spacing, and is
/// inside when it is inside an odd number of that plane's polygons (even-odd, DOMAIN §3).
/// </summary>
internal sealed class PlaneStack
{
    private const double SamePlaneMm = 0.01;
    private readonly PlaneBasis _basis;
    private readonly List<(double Offset, (double U, double V)[][] Polygons)> _planes;
    private readonly double _reach;

    public PlaneStack(IReadOnlyList<PlanarContour> contours, double fallbackSpacingMm)
    {
        ArgumentNullException.ThrowIfNull(contours);
        var usable = contours.Where(c => c.Points.Count >= 3).ToList();
        var normal = usable.Aggregate(default(Vector3Mm), (acc, c) =>
        {
            var n = c.NewellNormal();
            return acc.Dot(n) < 0 ? acc - n : acc + n;
        });
        _basis = PlaneBasis.FromNormal(normal);
        _planes = [];
        foreach (var c in usable.OrderBy(c => c.Points.Average(_basis.Offset)))
        {
            var offset = c.Points.Average(_basis.Offset);
            var polygon = c.Points.Select(_basis.Project).ToArray();
            if (_planes.Count > 0 && Math.Abs(_planes[^1].Offset - offset) < SamePlaneMm)
            {
                _planes[^1] = (_planes[^1].Offset, [.. _planes[^1].Polygons, polygon]);
            }
            else
            {
                _planes.Add((offset, [polygon]));
            }
        }

        var gaps = _planes.Zip(_planes.Skip(1), (a, b) => b.Offset - a.Offset).Order().ToList();
        _reach = ((gaps.Count > 0 ? gaps[gaps.Count / 2] : fallbackSpacingMm) / 2) + 1e-6;
    }

    public PlaneBasis Basis => _basis;

    public bool IsEmpty => _planes.Count == 0;

    public bool Contains(Vector3Mm point)
    {
        if (_planes.Count == 0)
        {
            return false;
        }

        var offset = _basis.Offset(point);
        var index = NearestPlane(offset);
        if (Math.Abs(_planes[index].Offset - offset) > _reach)
        {
            return false;
        }

        var p = _basis.Project(point);
        var inside = false;
        foreach (var polygon in _planes[index].Polygons)
        {
            if (PolygonMath.Contains(polygon, p))
            {
                inside = !inside;
            }
        }

        return inside;
    }

    private int NearestPlane(double offset)
    {
        int lo = 0, hi = _planes.Count - 1;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) / 2;
            if (_planes[mid].Offset <= offset)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return Math.Abs(_planes[hi].Offset - offset) < Math.Abs(_planes[lo].Offset - offset) ? hi : lo;
    }
}
