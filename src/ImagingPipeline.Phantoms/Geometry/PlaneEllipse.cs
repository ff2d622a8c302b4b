namespace ImagingPipeline.Phantoms.Geometry;

/// <summary>
/// An ellipse in an axial plane of a frame: centre, unit major-axis direction (in x/y) and the two
/// semi-axes. Contours are inscribed polygons with vertices at equal parameter steps, so each is
/// the affine image of a regular polygon and its area is n/2 · a · b · sin(2π/n).
/// </summary>
public readonly record struct PlaneEllipse(PointMm Centre, double MajorX, double MajorY, double SemiMajorMm, double SemiMinorMm)
{
    /// <summary>Vertices of the inscribed n-gon, counter-clockwise, starting on the major axis.</summary>
    public PointMm[] Vertices(int count)
    {
        var points = new PointMm[count];
        for (var i = 0; i < count; i++)
        {
            var t = 2 * Math.PI * i / count;
            var along = SemiMajorMm * Math.Cos(t);
            var across = SemiMinorMm * Math.Sin(t);
            points[i] = new PointMm(
                Centre.X + (along * MajorX) - (across * MajorY),
                Centre.Y + (along * MajorY) + (across * MajorX),
                Centre.Z);
        }

        return points;
    }

    /// <summary>Area of the inscribed n-gon, mm².</summary>
    public double PolygonAreaMm2(int count) => count / 2.0 * SemiMajorMm * SemiMinorMm * Math.Sin(2 * Math.PI / count);
}
