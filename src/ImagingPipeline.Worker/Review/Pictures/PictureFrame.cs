using ImagingPipeline.Extraction.Geometry;

namespace ImagingPipeline.Worker.Review.Pictures;

/// <summary>
/// The square field a picture shows: centred on <see cref="Centre"/> in the plane spanned by the
/// image's row and column directions (so it looks like the CT does on a viewer), <see cref="Size"/>
/// pixels of <see cref="PixelMm"/> each. Canvas x grows along the row direction, y along the column direction.
/// </summary>
internal sealed record PictureFrame(Vector3Mm Centre, Vector3Mm RowDirection, Vector3Mm ColumnDirection, int Size, double PixelMm)
{
    /// <summary>The patient point at the centre of output pixel (x, y).</summary>
    public Vector3Mm PointAt(int x, int y) =>
        Centre + (RowDirection * (((x + 0.5) - (Size / 2.0)) * PixelMm)) + (ColumnDirection * (((y + 0.5) - (Size / 2.0)) * PixelMm));

    /// <summary>Canvas coordinates of a patient point projected on the plane.</summary>
    public (float X, float Y) Project(Vector3Mm point)
    {
        var d = point - Centre;
        return ((float)((d.Dot(RowDirection) / PixelMm) + (Size / 2.0)), (float)((d.Dot(ColumnDirection) / PixelMm) + (Size / 2.0)));
    }

    /// <summary>
    /// The field of view for a lesion: 2.5 × its longest diameter, at least 60 mm and at most
    /// 400 mm, rounded up to 10 mm, so stepping through slices keeps one field.
    /// </summary>
    public static double FieldOfViewMm(double? longestDiameterMm)
    {
        var fov = Math.Clamp(2.5 * (longestDiameterMm ?? 40), 60, 400);
        return Math.Ceiling(fov / 10) * 10;
    }
}
