using ImagingPipeline.Extraction.Geometry;
using Xunit;

namespace ImagingPipeline.Extraction.Tests.Geometry;

/// <summary>
/// The diameters through the convex hull and the swept perpendicular chord give exactly what
/// comparing every pair of points and every edge for every offset gives (the quadratic way they were
/// computed before fuzzing found a 20,000-point contour taking half a minute), on convex, concave,
/// spiky, repeated-point, collinear and multi-polygon planes.
/// </summary>
public sealed class DiameterSweepTests
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Hull_diameter_and_swept_chord_equal_the_all_pairs_computation(int seed)
    {
        var random = new Random(seed);
        var polygons = new List<(double U, double V)[]>();
        for (var p = 0; p < 1 + (seed % 3); p++)
        {
            polygons.Add(Polygon(random, seed));
        }

        var (longest, shortAxis) = RoiGeometry.Diameters(polygons);
        var (expectedLongest, a, b) = AllPairs(polygons);
        Assert.Equal(Math.Sqrt(expectedLongest), longest);
        Assert.Equal(expectedLongest == 0 ? 0 : EveryEdgeEveryOffset(polygons, a, b), shortAxis);
    }

    [Fact]
    public void Degenerate_planes_give_the_same_as_before()
    {
        (double, double)[] point = [(3, 4)];
        (double, double)[] same = [(1, 1), (1, 1), (1, 1)];
        (double, double)[] line = [(0, 0), (2, 2), (1, 1), (4, 4), (3, 3)];
        foreach (var polygon in new[] { point, same, line })
        {
            var (expected, a, b) = AllPairs([polygon]);
            var (longest, shortAxis) = RoiGeometry.Diameters([polygon]);
            Assert.Equal(Math.Sqrt(expected), longest);
            Assert.Equal(expected == 0 ? 0 : EveryEdgeEveryOffset([polygon], a, b), shortAxis);
        }
    }

    private static (double U, double V)[] Polygon(Random random, int seed)
    {
        var n = 3 + random.Next(seed % 4 == 0 ? 400 : 60);
        var (cu, cv) = (random.NextDouble() * 50, random.NextDouble() * 50);
        var points = new (double U, double V)[n];
        for (var i = 0; i < n; i++)
        {
            var angle = 2 * Math.PI * i / n;
            var radius = (seed % 5) switch
            {
                0 => 20.0,                                  // a circle: many equal diameters
                1 => 5 + (random.NextDouble() * 25),        // spiky star
                2 => i % 2 == 0 ? 25 : 8,                   // regular star
                _ => 15 + (random.NextDouble() * 3),        // near-circle
            };
            // Whole millimetres on a grid sometimes, so points repeat and line up.
            var (u, v) = (cu + (radius * Math.Cos(angle)), cv + (radius * Math.Sin(angle)));
            points[i] = seed % 3 == 0 ? (Math.Round(u), Math.Round(v)) : (u, v);
        }

        return points;
    }

    /// <summary>The quadratic computation the geometry used to do: every pair, first strict maximum in index order.</summary>
    private static (double Best, (double U, double V) A, (double U, double V) B) AllPairs(IReadOnlyList<(double U, double V)[]> polygons)
    {
        var pts = polygons.SelectMany(p => p).ToArray();
        double best = 0;
        (double U, double V) a = default, b = default;
        for (var i = 0; i < pts.Length; i++)
        {
            for (var j = i + 1; j < pts.Length; j++)
            {
                var d2 = ((pts[i].U - pts[j].U) * (pts[i].U - pts[j].U)) + ((pts[i].V - pts[j].V) * (pts[i].V - pts[j].V));
                if (d2 > best)
                {
                    (best, a, b) = (d2, pts[i], pts[j]);
                }
            }
        }

        return (best, a, b);
    }

    /// <summary>The quadratic chord: for every vertex offset, every edge.</summary>
    private static double EveryEdgeEveryOffset(IReadOnlyList<(double U, double V)[]> polygons, (double U, double V) a, (double U, double V) b)
    {
        var len = Math.Sqrt(((b.U - a.U) * (b.U - a.U)) + ((b.V - a.V) * (b.V - a.V)));
        var (du, dv) = ((b.U - a.U) / len, (b.V - a.V) / len);
        var (eu, ev) = (-dv, du);
        double best = 0;
        foreach (var t in polygons.SelectMany(p => p).Select(p => (p.U * du) + (p.V * dv)).Distinct())
        {
            var (lo, hi) = (double.PositiveInfinity, double.NegativeInfinity);
            foreach (var poly in polygons)
            {
                for (var i = 0; i < poly.Length; i++)
                {
                    var (p, q) = (poly[i], poly[(i + 1) % poly.Length]);
                    var (tp, tq) = ((p.U * du) + (p.V * dv), (q.U * du) + (q.V * dv));
                    if ((tp < t && tq < t) || (tp > t && tq > t))
                    {
                        continue;
                    }

                    var (sp, sq) = ((p.U * eu) + (p.V * ev), (q.U * eu) + (q.V * ev));
                    if (tp == tq)
                    {
                        (lo, hi) = (Math.Min(lo, Math.Min(sp, sq)), Math.Max(hi, Math.Max(sp, sq)));
                        continue;
                    }

                    var s = sp + ((sq - sp) * (t - tp) / (tq - tp));
                    (lo, hi) = (Math.Min(lo, s), Math.Max(hi, s));
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
