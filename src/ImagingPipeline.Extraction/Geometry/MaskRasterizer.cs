namespace ImagingPipeline.Extraction.Geometry;

/// <summary>
/// Rasterises closed planar contours onto an image grid by voxel centres with the even-odd rule
/// (DOMAIN §3): a slice takes the contour plane nearest along the grid normal when it lies within
/// half the contour-plane spacing, else none. Works for any orientation (HFS/FFS/HFP/FFP, oblique).
/// </summary>
internal static class MaskRasterizer
{
    public static VoxelMask Rasterize(IReadOnlyList<PlanarContour> contours, ImageGrid grid)
    {
        ArgumentNullException.ThrowIfNull(contours);
        ArgumentNullException.ThrowIfNull(grid);
        var mask = new VoxelMask(grid);
        var n = grid.Normal;
        var planes = contours
            .Where(c => c.Points.Count >= 3)
            .GroupBy(c => Math.Round(c.Points.Average(p => p.Dot(n)) * 100) / 100)
            .Select(g => (Offset: g.Key, Contours: g.ToList()))
            .OrderBy(p => p.Offset)
            .ToList();
        if (planes.Count == 0)
        {
            return mask;
        }

        var gaps = planes.Zip(planes.Skip(1), (a, b) => b.Offset - a.Offset).Order().ToList();
        var planeSpacing = gaps.Count > 0 ? gaps[gaps.Count / 2] : grid.SliceSpacingMm;
        var reach = (planeSpacing / 2) + 1e-6;

        for (var k = 0; k < grid.SlicePositions.Count; k++)
        {
            var origin = grid.SlicePositions[k];
            var off = origin.Dot(n);
            var nearest = planes.MinBy(p => Math.Abs(p.Offset - off));
            if (Math.Abs(nearest.Offset - off) > reach)
            {
                continue;
            }

            var polygons = nearest.Contours
                .Select(c => c.Points.Select(p =>
                {
                    var d = p - origin;
                    return (R: d.Dot(grid.ColumnDirection) / grid.RowSpacingMm, C: d.Dot(grid.RowDirection) / grid.ColumnSpacingMm);
                }).ToArray())
                .ToList();
            FillSlice(mask, k, polygons);
        }

        return mask;
    }

    private static void FillSlice(VoxelMask mask, int slice, List<(double R, double C)[]> polygons)
    {
        var grid = mask.Grid;
        var minR = Math.Max(0, (int)Math.Ceiling(polygons.Min(p => p.Min(v => v.R))));
        var maxR = Math.Min(grid.Rows - 1, (int)Math.Floor(polygons.Max(p => p.Max(v => v.R))));
        var xs = new List<double>();
        for (var r = minR; r <= maxR; r++)
        {
            xs.Clear();
            foreach (var poly in polygons)
            {
                for (int i = 0, j = poly.Length - 1; i < poly.Length; j = i++)
                {
                    var a = poly[i];
                    var b = poly[j];
                    if ((a.R > r) != (b.R > r))
                    {
                        xs.Add(a.C + ((r - a.R) * (b.C - a.C) / (b.R - a.R)));
                    }
                }
            }

            xs.Sort();
            for (var i = 0; i + 1 < xs.Count; i += 2)
            {
                var first = Math.Max(0, (int)Math.Ceiling(xs[i]));
                var last = Math.Min(grid.Columns - 1, (int)Math.Ceiling(xs[i + 1]) - 1);
                if (last >= first)
                {
                    mask.Add(slice, r, first, last);
                }
            }
        }
    }
}
