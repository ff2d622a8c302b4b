namespace ImagingPipeline.Extraction.Geometry;

/// <summary>
/// A voxel mask for contours whose planes are not parallel to the grid's slices (a registration
/// with rotation out of the axial plane): every voxel centre near the ROI is mapped back into the
/// contours' frame and tested there with <see cref="PlaneStack"/> (nearest plane, even-odd).
/// </summary>
internal static class ObliqueMaskSampler
{
    /// <param name="contours">The ROI's contours in their own frame.</param>
    /// <param name="roiToGrid">Maps the contours' frame into the grid's frame.</param>
    /// <param name="grid">The grid, slices in ascending order along its normal.</param>
    public static VoxelMask Sample(IReadOnlyList<PlanarContour> contours, Matrix4 roiToGrid, ImageGrid grid)
    {
        ArgumentNullException.ThrowIfNull(contours);
        ArgumentNullException.ThrowIfNull(roiToGrid);
        ArgumentNullException.ThrowIfNull(grid);
        var mask = new VoxelMask(grid);
        var stack = new PlaneStack(contours, grid.SliceSpacingMm);
        if (stack.IsEmpty)
        {
            return mask;
        }

        var gridToRoi = roiToGrid.Inverse();
        var points = contours.SelectMany(c => c.Points).Select(roiToGrid.Transform).ToList();
        var normal = grid.Normal;
        var margin = Math.Max(grid.SliceSpacingMm, Math.Max(grid.RowSpacingMm, grid.ColumnSpacingMm));
        var minOffset = points.Min(p => p.Dot(normal)) - margin;
        var maxOffset = points.Max(p => p.Dot(normal)) + margin;
        for (var k = 0; k < grid.SlicePositions.Count; k++)
        {
            var origin = grid.SlicePositions[k];
            var offset = origin.Dot(normal);
            if (offset < minOffset || offset > maxOffset)
            {
                continue;
            }

            var rows = points.Select(p => (p - origin).Dot(grid.ColumnDirection) / grid.RowSpacingMm).ToList();
            var columns = points.Select(p => (p - origin).Dot(grid.RowDirection) / grid.ColumnSpacingMm).ToList();
            var r0 = Math.Max(0, (int)Math.Floor(rows.Min()) - 1);
            var r1 = Math.Min(grid.Rows - 1, (int)Math.Ceiling(rows.Max()) + 1);
            var c0 = Math.Max(0, (int)Math.Floor(columns.Min()) - 1);
            var c1 = Math.Min(grid.Columns - 1, (int)Math.Ceiling(columns.Max()) + 1);
            for (var r = r0; r <= r1; r++)
            {
                var runStart = -1;
                for (var c = c0; c <= c1 + 1; c++)
                {
                    var inside = c <= c1 && stack.Contains(gridToRoi.Transform(grid.VoxelCentre(k, r, c)));
                    if (inside && runStart < 0)
                    {
                        runStart = c;
                    }
                    else if (!inside && runStart >= 0)
                    {
                        mask.Add(k, r, runStart, c - 1);
                        runStart = -1;
                    }
                }
            }
        }

        return mask;
    }
}
