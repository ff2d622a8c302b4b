namespace ImagingPipeline.Extraction.Geometry;

/// <summary>
/// One CLOSED_PLANAR contour (DICOM PS3.3 C.8.8.6): points in patient coordinates, the last
/// joining the first. A repeated closing point is dropped on construction.
/// </summary>
internal sealed class PlanarContour
{
    public PlanarContour(IReadOnlyList<Vector3Mm> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var list = points.ToList();
        if (list.Count > 1 && (list[0] - list[^1]).Length < 1e-6)
        {
            list.RemoveAt(list.Count - 1);
        }

        Points = list;
    }

    public IReadOnlyList<Vector3Mm> Points { get; }

    /// <summary>Builds a contour from a ContourData (3006,0050) triplet list.</summary>
    public static PlanarContour FromContourData(IReadOnlyList<double> xyz)
    {
        ArgumentNullException.ThrowIfNull(xyz);
        if (xyz.Count % 3 != 0)
        {
            throw new ArgumentException("ContourData must hold x/y/z triplets.", nameof(xyz));
        }

        var points = new Vector3Mm[xyz.Count / 3];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new Vector3Mm(xyz[3 * i], xyz[(3 * i) + 1], xyz[(3 * i) + 2]);
        }

        return new PlanarContour(points);
    }

    /// <summary>Newell's normal of the polygon (unnormalised length = 2 × area).</summary>
    public Vector3Mm NewellNormal()
    {
        double nx = 0, ny = 0, nz = 0;
        for (var i = 0; i < Points.Count; i++)
        {
            var a = Points[i];
            var b = Points[(i + 1) % Points.Count];
            nx += (a.Y - b.Y) * (a.Z + b.Z);
            ny += (a.Z - b.Z) * (a.X + b.X);
            nz += (a.X - b.X) * (a.Y + b.Y);
        }

        return new Vector3Mm(nx, ny, nz);
    }
}
