namespace ImagingPipeline.Extraction.Geometry;

/// <summary>2-D polygon primitives in a plane's (U, V) coordinates.</summary>
internal static class PolygonMath
{
    /// <summary>Absolute area (shoelace) and centroid of a simple polygon.</summary>
    public static (double Area, double U, double V) AreaCentroid((double U, double V)[] poly)
    {
        double a2 = 0, cu = 0, cv = 0;
        for (var i = 0; i < poly.Length; i++)
        {
            var p = poly[i];
            var q = poly[(i + 1) % poly.Length];
            var cross = (p.U * q.V) - (q.U * p.V);
            a2 += cross;
            cu += (p.U + q.U) * cross;
            cv += (p.V + q.V) * cross;
        }

        if (a2 == 0)
        {
            return (0, poly.Average(p => p.U), poly.Average(p => p.V));
        }

        return (Math.Abs(a2) / 2, cu / (3 * a2), cv / (3 * a2));
    }

    /// <summary>Even-odd point-in-polygon test (crossing number).</summary>
    public static bool Contains((double U, double V)[] poly, (double U, double V) p)
    {
        var inside = false;
        for (int i = 0, j = poly.Length - 1; i < poly.Length; j = i++)
        {
            var a = poly[i];
            var b = poly[j];
            if ((a.V > p.V) != (b.V > p.V) && p.U < ((b.U - a.U) * (p.V - a.V) / (b.V - a.V)) + a.U)
            {
                inside = !inside;
            }
        }

        return inside;
    }

    /// <summary>
    /// Longest extent of the region along lines perpendicular to the segment a–b. Between two
    /// vertex projections the extent is convex in the offset, so checking every vertex offset is exact.
    /// The offsets are swept in order with the edges that span each one (not every edge for every
    /// offset), so an ordinary contour costs n log n.
    /// </summary>
    public static double LongestPerpendicularChord(IReadOnlyList<(double U, double V)[]> polygons, (double U, double V) a, (double U, double V) b)
    {
        var len = Math.Sqrt(((b.U - a.U) * (b.U - a.U)) + ((b.V - a.V) * (b.V - a.V)));
        var du = (b.U - a.U) / len;
        var dv = (b.V - a.V) / len;
        // e = d rotated by 90°.
        var eu = -dv;
        var ev = du;
        var edges = new List<(double TMin, double TMax, double Tp, double Tq, double Sp, double Sq)>();
        var offsets = new List<double>();
        foreach (var poly in polygons)
        {
            for (var i = 0; i < poly.Length; i++)
            {
                var p = poly[i];
                var q = poly[(i + 1) % poly.Length];
                var tp = (p.U * du) + (p.V * dv);
                var tq = (q.U * du) + (q.V * dv);
                edges.Add((Math.Min(tp, tq), Math.Max(tp, tq), tp, tq, (p.U * eu) + (p.V * ev), (q.U * eu) + (q.V * ev)));
                offsets.Add(tp);
            }
        }

        edges.Sort((x, y) => x.TMin.CompareTo(y.TMin));
        offsets.Sort();
        var active = new List<int>();
        var next = 0;
        double best = 0;
        for (var k = 0; k < offsets.Count; k++)
        {
            var t = offsets[k];
            if (k > 0 && t == offsets[k - 1])
            {
                continue;
            }

            while (next < edges.Count && edges[next].TMin <= t)
            {
                active.Add(next++);
            }

            active.RemoveAll(e => edges[e].TMax < t);
            var lo = double.PositiveInfinity;
            var hi = double.NegativeInfinity;
            foreach (var e in active)
            {
                var (_, _, tp, tq, sp, sq) = edges[e];
                if (tp == tq)
                {
                    lo = Math.Min(lo, Math.Min(sp, sq));
                    hi = Math.Max(hi, Math.Max(sp, sq));
                    continue;
                }

                var s = sp + ((sq - sp) * (t - tp) / (tq - tp));
                lo = Math.Min(lo, s);
                hi = Math.Max(hi, s);
            }

            if (hi > lo)
            {
                best = Math.Max(best, hi - lo);
            }
        }

        return best;
    }

    /// <summary>
    /// Indices of the convex hull's vertices (Andrew's monotone chain; collinear and repeated points
    /// left out), in ascending index order. Fewer than three distinct points: every index.
    /// </summary>
    public static int[] HullIndices((double U, double V)[] pts)
    {
        if (pts.Length < 3)
        {
            return [.. Enumerable.Range(0, pts.Length)];
        }

        var order = Enumerable.Range(0, pts.Length).OrderBy(i => pts[i].U).ThenBy(i => pts[i].V).ToArray();
        var hull = new int[2 * pts.Length];
        var n = 0;
        double Cross(int o, int p, int q) =>
            ((pts[p].U - pts[o].U) * (pts[q].V - pts[o].V)) - ((pts[p].V - pts[o].V) * (pts[q].U - pts[o].U));
        foreach (var i in order)
        {
            while (n >= 2 && Cross(hull[n - 2], hull[n - 1], i) <= 0)
            {
                n--;
            }

            hull[n++] = i;
        }

        var lower = n + 1;
        for (var k = order.Length - 2; k >= 0; k--)
        {
            var i = order[k];
            while (n >= lower && Cross(hull[n - 2], hull[n - 1], i) <= 0)
            {
                n--;
            }

            hull[n++] = i;
        }

        // A repeated point stands for itself by its first index, as a comparison of every pair in
        // index order would meet it first.
        var first = new Dictionary<(double U, double V), int>();
        for (var i = 0; i < pts.Length; i++)
        {
            first.TryAdd(pts[i], i);
        }

        var vertices = hull.Take(Math.Max(n - 1, 1)).Select(i => first[pts[i]]).Distinct().Order().ToArray();
        return vertices.Length >= 2 ? vertices : [.. Enumerable.Range(0, pts.Length)];
    }
}
