using ImagingPipeline.Extraction.Geometry;

namespace ImagingPipeline.Extraction.Tests.Geometry;

public sealed class Matrix4Tests
{
    private static Matrix4 RotZ(double deg, double tx, double ty, double tz)
    {
        var a = deg * Math.PI / 180;
        return new Matrix4([Math.Cos(a), -Math.Sin(a), 0, tx, Math.Sin(a), Math.Cos(a), 0, ty, 0, 0, 1, tz, 0, 0, 0, 1]);
    }

    [Fact]
    public void Inverse_undoes_a_rigid_transform()
    {
        var m = RotZ(30, 10, -5, 7);
        var p = new Vector3Mm(1, 2, 3);
        var back = m.Inverse().Transform(m.Transform(p));
        Assert.Equal(1, back.X, 9);
        Assert.Equal(2, back.Y, 9);
        Assert.Equal(3, back.Z, 9);
        var moved = m.Transform(p);
        Assert.Equal((Math.Cos(Math.PI / 6) * 1) - (Math.Sin(Math.PI / 6) * 2) + 10, moved.X, 9);
    }

    [Fact]
    public void Between_two_registered_frames_is_inverse_of_target_times_source()
    {
        var toCommonB = RotZ(90, 0, 0, 0);
        var toCommonC = new Matrix4([1, 0, 0, 100, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
        var bToC = Matrix4.Between(toCommonB, toCommonC);
        var p = bToC.Transform(new Vector3Mm(1, 0, 0));
        // B (1,0,0) → common (0,1,0) → C (−100,1,0).
        Assert.Equal(-100, p.X, 9);
        Assert.Equal(1, p.Y, 9);
        Assert.Equal(0, p.Z, 9);
    }

    [Fact]
    public void Bad_matrices_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new Matrix4([1, 2, 3]));
        Assert.Throws<InvalidOperationException>(() => new Matrix4(new double[16]).Inverse());
    }
}
