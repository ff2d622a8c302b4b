namespace ImagingPipeline.Phantoms.Geometry;

/// <summary>A point or direction in patient coordinates, millimetres.</summary>
public readonly record struct PointMm(double X, double Y, double Z)
{
    public static PointMm operator +(PointMm a, PointMm b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static PointMm operator -(PointMm a, PointMm b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static PointMm operator *(PointMm a, double s) => new(a.X * s, a.Y * s, a.Z * s);

    public double Dot(PointMm other) => (X * other.X) + (Y * other.Y) + (Z * other.Z);

    public PointMm Cross(PointMm o) => new((Y * o.Z) - (Z * o.Y), (Z * o.X) - (X * o.Z), (X * o.Y) - (Y * o.X));

    public double Length => Math.Sqrt(Dot(this));
}
