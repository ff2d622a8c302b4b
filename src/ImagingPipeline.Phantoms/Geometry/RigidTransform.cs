namespace ImagingPipeline.Phantoms.Geometry;

/// <summary>
/// A rigid transform p' = R·p + t (R a rotation). Frames of reference of a phantom patient are
/// described by the transform from the anatomy ("world") coordinates into the frame.
/// </summary>
public sealed class RigidTransform
{
    private readonly double[] _r;

    private RigidTransform(double[] rotation, PointMm translation)
    {
        _r = rotation;
        Translation = translation;
    }

    public static RigidTransform Identity { get; } = new([1, 0, 0, 0, 1, 0, 0, 0, 1], default);

    public PointMm Translation { get; }

    /// <summary>Rotation matrix element (row, column).</summary>
    public double this[int row, int column] => _r[(row * 3) + column];

    /// <summary>Rotation about z by <paramref name="aboutZDegrees"/>, then about x by <paramref name="aboutXDegrees"/>, then the translation.</summary>
    public static RigidTransform Create(double aboutZDegrees, double aboutXDegrees, PointMm translation)
    {
        var z = aboutZDegrees * Math.PI / 180;
        var x = aboutXDegrees * Math.PI / 180;
        double[] rz = [Math.Cos(z), -Math.Sin(z), 0, Math.Sin(z), Math.Cos(z), 0, 0, 0, 1];
        double[] rx = [1, 0, 0, 0, Math.Cos(x), -Math.Sin(x), 0, Math.Sin(x), Math.Cos(x)];
        return new RigidTransform(Multiply(rx, rz), translation);
    }

    public static RigidTransform Translate(PointMm translation) => new([1, 0, 0, 0, 1, 0, 0, 0, 1], translation);

    public PointMm Rotate(PointMm v) => new(
        (_r[0] * v.X) + (_r[1] * v.Y) + (_r[2] * v.Z),
        (_r[3] * v.X) + (_r[4] * v.Y) + (_r[5] * v.Z),
        (_r[6] * v.X) + (_r[7] * v.Y) + (_r[8] * v.Z));

    public PointMm Apply(PointMm p) => Rotate(p) + Translation;

    public RigidTransform Inverse()
    {
        double[] t = [_r[0], _r[3], _r[6], _r[1], _r[4], _r[7], _r[2], _r[5], _r[8]];
        var inverse = new RigidTransform(t, default);
        return new RigidTransform(t, inverse.Rotate(Translation) * -1);
    }

    /// <summary>This transform followed by <paramref name="next"/>.</summary>
    public RigidTransform Then(RigidTransform next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return new RigidTransform(Multiply(next._r, _r), next.Apply(Translation));
    }

    /// <summary>The 4×4 homogeneous matrix, row-major, as FrameOfReferenceTransformationMatrix stores it.</summary>
    public double[] ToRowMajor4x4() =>
    [
        _r[0], _r[1], _r[2], Translation.X,
        _r[3], _r[4], _r[5], Translation.Y,
        _r[6], _r[7], _r[8], Translation.Z,
        0, 0, 0, 1,
    ];

    private static double[] Multiply(double[] a, double[] b)
    {
        var m = new double[9];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                m[(i * 3) + j] = (a[i * 3] * b[j]) + (a[(i * 3) + 1] * b[3 + j]) + (a[(i * 3) + 2] * b[6 + j]);
            }
        }

        return m;
    }
}
