using ImagingPipeline.Phantoms.Geometry;

namespace ImagingPipeline.Phantoms.Tests;

/// <summary>The closed forms the truth rests on, checked against first principles.</summary>
public sealed class GeometryTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(17, 0)]
    [InlineData(-8, 11)]
    [InlineData(35, -25)]
    public void Cross_section_vertices_lie_on_the_ellipsoid_in_world_coordinates(double aboutZ, double aboutX)
    {
        var ellipsoid = new Ellipsoid(new PointMm(5, -3, 12), 14, 9, 11);
        var toFrame = RigidTransform.Create(aboutZ, aboutX, new PointMm(-20, 7, 55));
        var toWorld = toFrame.Inverse();
        var centreZ = toFrame.Apply(ellipsoid.Centre).Z;
        var cut = 0;
        for (var z = centreZ - 14; z <= centreZ + 14; z += 1.7)
        {
            if (ellipsoid.Slice(toFrame, z) is not { } section)
            {
                continue;
            }

            cut++;
            foreach (var vertex in section.Vertices(64))
            {
                Assert.Equal(z, vertex.Z, 9);
                Assert.Equal(1, ellipsoid.NormalisedRadiusSquared(toWorld.Apply(vertex)), 9);
            }

            Assert.False(ellipsoid.Contains(toWorld.Apply(section.Centre + new PointMm(section.MajorX, section.MajorY, 0) * (section.SemiMajorMm * 1.01))));
        }

        Assert.True(cut >= 12);
    }

    [Fact]
    public void The_closed_form_polygon_area_is_the_shoelace_area_of_the_vertices()
    {
        var section = new PlaneEllipse(new PointMm(3, 4, 0), Math.Cos(0.3), Math.Sin(0.3), 12, 7);
        foreach (var n in new[] { 8, 32, 64 })
        {
            var v = section.Vertices(n);
            double twice = 0;
            for (var i = 0; i < n; i++)
            {
                var p = v[i];
                var q = v[(i + 1) % n];
                twice += (p.X * q.Y) - (q.X * p.Y);
            }

            Assert.Equal(Math.Abs(twice) / 2, section.PolygonAreaMm2(n), 9);
        }
    }

    [Fact]
    public void Transforms_compose_and_invert()
    {
        var a = RigidTransform.Create(20, -7, new PointMm(1, 2, 3));
        var b = RigidTransform.Create(-50, 3, new PointMm(-4, 0, 9));
        var p = new PointMm(10, -20, 30);
        Assert.True((a.Then(b).Apply(p) - b.Apply(a.Apply(p))).Length < 1e-9);
        Assert.True((a.Inverse().Apply(a.Apply(p)) - p).Length < 1e-9);
        var m = a.ToRowMajor4x4();
        var q = a.Apply(p);
        Assert.Equal(q.X, (m[0] * p.X) + (m[1] * p.Y) + (m[2] * p.Z) + m[3], 9);
        Assert.Equal(q.Z, (m[8] * p.X) + (m[9] * p.Y) + (m[10] * p.Z) + m[11], 9);
    }
}
