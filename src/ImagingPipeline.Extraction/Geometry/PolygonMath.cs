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
    /// </summary>
    public static double LongestPerpendicularChord(IReadOnlyList<(double U, double V)[]> polygons, (double U, double V) a, (double U, double V) b)
    {
        var len = Math.Sqrt(((b.U - a.U) * (b.U - a.U)) + ((b.V - a.V) * (b.V - a.V)));
        var du = (b.U - a.U) / len;
        var dv = (b.V - a.V) / len;
        // e = d rotated by 90°.
        var eu = -dv;
        var ev = du;
        var offsets = polygons.SelectMany(p => p).Select(p => (p.U * du) + (p.V * dv)).Distinct().ToList();
        double best = 0;
        foreach (var t in offsets)
        {
            var lo = double.PositiveInfinity;
            var hi = double.NegativeInfinity;
            foreach (var poly in polygons)
            {
                for (var i = 0; i < poly.Length; i++)
                {
                    var p = poly[i];
                    var q = poly[(i + 1) % poly.Length];
                    var tp = (p.U * du) + (p.V * dv);
                    var tq = (q.U * du) + (q.V * dv);
                    if ((tp < t && tq < t) || (tp > t && tq > t))
                    {
                        continue;
                    }

                    var sp = (p.U * eu) + (p.V * ev);
                    var sq = (q.U * eu) + (q.V * ev);
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
            }

            if (hi > lo)
            {
                best = Math.Max(best, hi - lo);
            }
        }

        return best;
    }
}
