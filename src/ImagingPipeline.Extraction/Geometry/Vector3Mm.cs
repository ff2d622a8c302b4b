namespace ImagingPipeline.Extraction.Geometry;

/// <summary>A point or direction in patient coordinates (DICOM PS3.3 C.7.6.2.1.1), millimetres.</summary>
internal readonly record struct Vector3Mm(double X, double Y, double Z)
{
    public static Vector3Mm operator +(Vector3Mm a, Vector3Mm b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Vector3Mm operator -(Vector3Mm a, Vector3Mm b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Vector3Mm operator *(Vector3Mm a, double s) => new(a.X * s, a.Y * s, a.Z * s);

    public double Dot(Vector3Mm b) => (X * b.X) + (Y * b.Y) + (Z * b.Z);

    public Vector3Mm Cross(Vector3Mm b) => new((Y * b.Z) - (Z * b.Y), (Z * b.X) - (X * b.Z), (X * b.Y) - (Y * b.X));

    public double Length => Math.Sqrt(Dot(this));

    public Vector3Mm Normalized()
    {
        var l = Length;
        return l > 0 ? this * (1 / l) : this;
    }
}
