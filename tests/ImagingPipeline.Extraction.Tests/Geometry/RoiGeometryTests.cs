using ImagingPipeline.Extraction.Geometry;

namespace ImagingPipeline.Extraction.Tests.Geometry;

public sealed class RoiGeometryTests
{
    private static PlanarContour Square(double cx, double cy, double half, double z, bool clockwise = false)
    {
        var pts = new List<Vector3Mm>
        {
            new(cx - half, cy - half, z), new(cx + half, cy - half, z), new(cx + half, cy + half, z), new(cx - half, cy + half, z),
        };
        if (clockwise)
        {
            pts.Reverse();
        }

        return new PlanarContour(pts);
    }

    private static PlanarContour Circle(double r, int n, Func<double, double, Vector3Mm> place)
    {
        var pts = new Vector3Mm[n];
        for (var i = 0; i < n; i++)
        {
            var a = 2 * Math.PI * i / n;
            pts[i] = place(r * Math.Cos(a), r * Math.Sin(a));
        }

        return new PlanarContour(pts);
    }

    [Fact]
    public void Squares_on_five_planes_give_area_times_slab_with_end_planes_in_full()
    {
        var contours = Enumerable.Range(0, 5).Select(k => Square(3, -4, 5, 10 + (2 * k))).ToList();
        var g = RoiGeometry.Measure(contours, sliceSpacingMm: null);
        Assert.Equal(5, g.PlaneCount);
        Assert.Equal(1.0, g.VolumeCc!.Value, 9);
        Assert.Equal(2.0, g.SlabThicknessMm!.Value, 9);
        Assert.Equal(3, g.Centroid!.Value.X, 9);
        Assert.Equal(-4, g.Centroid.Value.Y, 9);
        Assert.Equal(14, g.Centroid.Value.Z, 9);
        Assert.Equal(Math.Sqrt(200), g.LongestDiameterMm, 9);
        Assert.Equal(Math.Sqrt(200), g.ShortAxisMm, 9);
        Assert.Equal(new Vector3Mm(-2, -9, 10), g.BoundsMin);
        Assert.Equal(new Vector3Mm(8, 1, 18), g.BoundsMax);
    }

    [Fact]
    public void Image_spacing_overrides_contour_spacing()
    {
        var contours = new[] { Square(0, 0, 5, 0) };
        Assert.Null(RoiGeometry.Measure(contours, null).VolumeCc);
        Assert.Equal(0.3, RoiGeometry.Measure(contours, 3).VolumeCc!.Value, 9);
    }

    [Fact]
    public void Hole_and_island_combine_by_even_odd_whatever_the_winding()
    {
        var plane = new[] { Square(0, 0, 10, 0), Square(0, 0, 5, 0, clockwise: false), Square(0, 0, 2, 0, clockwise: true) };
        var g = RoiGeometry.Measure(plane, 1);
        Assert.Equal((400 - 100 + 16) / 1000.0, g.VolumeCc!.Value, 9);
        Assert.Equal(0, g.Centroid!.Value.X, 9);
    }

    [Fact]
    public void Two_islands_on_one_plane_weight_the_centroid_by_area()
    {
        var plane = new[] { Square(-20, 0, 5, 0), Square(20, 0, 10, 0) };
        var g = RoiGeometry.Measure(plane, 1);
        Assert.Equal(0.5, g.VolumeCc!.Value, 9);
        Assert.Equal(((-20 * 100) + (20 * 400)) / 500.0, g.Centroid!.Value.X, 9);
        Assert.Equal(Math.Sqrt((55 * 55) + (15 * 15)), g.LongestDiameterMm, 9);
    }

    [Fact]
    public void A_repeated_closing_point_is_dropped()
    {
        var c = PlanarContour.FromContourData([0, 0, 0, 10, 0, 0, 10, 10, 0, 0, 10, 0, 0, 0, 0]);
        Assert.Equal(4, c.Points.Count);
        Assert.Throws<ArgumentException>(() => PlanarContour.FromContourData([1, 2]));
    }

    [Fact]
    public void Rhombus_has_known_long_and_short_axes()
    {
        var c = new PlanarContour([new(15, 0, 0), new(0, 5, 0), new(-15, 0, 0), new(0, -5, 0)]);
        var g = RoiGeometry.Measure([c], 2);
        Assert.Equal(30, g.LongestDiameterMm, 9);
        Assert.Equal(10, g.ShortAxisMm, 9);
        Assert.Equal(0.3, g.VolumeCc!.Value, 9);
    }

    [Theory]
    [InlineData(2.5)]
    [InlineData(10)]
    [InlineData(30)]
    public void Circles_in_sagittal_coronal_and_oblique_planes_measure_the_same(double r)
    {
        const int n = 180;
        var polygonArea = n / 2.0 * r * r * Math.Sin(2 * Math.PI / n);
        var s = Math.Sqrt(0.5);
        var placements = new Func<double, Func<double, double, Vector3Mm>>[]
        {
            x0 => (a, b) => new Vector3Mm(x0, 50 + a, -20 + b),                       // sagittal planes
            y0 => (a, b) => new Vector3Mm(7 + a, y0, b),                               // coronal planes
            w => (a, b) => new Vector3Mm((s * a) + (s * w), (-s * a) + (s * w), b),    // oblique: normal (1,1,0)/√2
        };
        foreach (var place in placements)
        {
            var contours = Enumerable.Range(0, 4).Select(k => Circle(r, n, place(3 * k))).ToList();
            var g = RoiGeometry.Measure(contours, null);
            Assert.Equal(4, g.PlaneCount);
            Assert.Equal(4 * polygonArea * 3 / 1000, g.VolumeCc!.Value, 6);
            Assert.Equal(2 * r, g.LongestDiameterMm, 6);
            Assert.Equal(2 * r, g.ShortAxisMm, 1e-6 * r + (r * 0.001));
        }
    }

    [Fact]
    public void Centroid_of_a_sagittal_stack_is_in_patient_coordinates()
    {
        var contours = Enumerable.Range(0, 3).Select(k => Circle(8, 90, (a, b) => new Vector3Mm(-30 + (2.5 * k), 12 + a, 40 + b))).ToList();
        var c = RoiGeometry.Measure(contours, null).Centroid!.Value;
        Assert.Equal(-27.5, c.X, 6);
        Assert.Equal(12, c.Y, 6);
        Assert.Equal(40, c.Z, 6);
    }
}
