using ImagingPipeline.Extraction.Binding;
using ImagingPipeline.Extraction.Geometry;

namespace ImagingPipeline.Extraction.Measurement;

/// <summary>
/// The <see cref="ImageGrid"/> of an image series: slices sorted along the normal (whatever the
/// patient position or acquisition order), provided they share orientation, spacing and matrix.
/// </summary>
internal static class SeriesGrid
{
    private const double Tolerance = 1e-3;

    /// <summary>The grid and the slices in grid order, or the reason the series is not one stack.</summary>
    public static (ImageGrid? Grid, IReadOnlyList<T> Ordered, string? Problem) Build<T>(IReadOnlyList<T> slices, Func<T, ImageSlice> geometry)
    {
        ArgumentNullException.ThrowIfNull(slices);
        ArgumentNullException.ThrowIfNull(geometry);
        if (slices.Count == 0)
        {
            return (null, [], "no images");
        }

        var first = geometry(slices[0]);
        foreach (var s in slices.Select(geometry))
        {
            if (s.Rows != first.Rows || s.Columns != first.Columns
                || Math.Abs(s.RowSpacingMm - first.RowSpacingMm) > Tolerance || Math.Abs(s.ColumnSpacingMm - first.ColumnSpacingMm) > Tolerance
                || (s.RowDirection - first.RowDirection).Length > Tolerance || (s.ColumnDirection - first.ColumnDirection).Length > Tolerance)
            {
                return (null, [], "its images differ in orientation, pixel spacing or matrix size");
            }
        }

        var normal = first.Normal;
        var ordered = slices.OrderBy(s => geometry(s).Position.Dot(normal)).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (Math.Abs((geometry(ordered[i]).Position - geometry(ordered[i - 1]).Position).Dot(normal)) < Tolerance)
            {
                return (null, [], "two of its images share a position");
            }
        }

        var grid = new ImageGrid
        {
            RowDirection = first.RowDirection,
            ColumnDirection = first.ColumnDirection,
            SlicePositions = [.. ordered.Select(s => geometry(s).Position)],
            RowSpacingMm = first.RowSpacingMm,
            ColumnSpacingMm = first.ColumnSpacingMm,
            Rows = first.Rows,
            Columns = first.Columns,
        };
        return (grid, ordered, null);
    }
}
