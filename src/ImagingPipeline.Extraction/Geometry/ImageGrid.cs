namespace ImagingPipeline.Extraction.Geometry;

/// <summary>
/// A stack of parallel image slices (PS3.3 C.7.6.2): ImageOrientationPatient gives the row
/// direction (increasing column index) and column direction (increasing row index),
/// ImagePositionPatient the centre of the first voxel of each slice, PixelSpacing [row, column] spacing.
/// </summary>
internal sealed record ImageGrid
{
    public required Vector3Mm RowDirection { get; init; }

    public required Vector3Mm ColumnDirection { get; init; }

    /// <summary>ImagePositionPatient of each slice, in stack order.</summary>
    public required IReadOnlyList<Vector3Mm> SlicePositions { get; init; }

    /// <summary>Spacing between rows (PixelSpacing[0]), mm.</summary>
    public required double RowSpacingMm { get; init; }

    /// <summary>Spacing between columns (PixelSpacing[1]), mm.</summary>
    public required double ColumnSpacingMm { get; init; }

    public required int Rows { get; init; }

    public required int Columns { get; init; }

    public Vector3Mm Normal => RowDirection.Cross(ColumnDirection).Normalized();

    /// <summary>Median distance between adjacent slices along the normal, mm.</summary>
    public double SliceSpacingMm
    {
        get
        {
            if (SlicePositions.Count < 2)
            {
                return 0;
            }

            var n = Normal;
            var offsets = SlicePositions.Select(p => p.Dot(n)).Order().ToList();
            var gaps = offsets.Zip(offsets.Skip(1), (a, b) => b - a).Order().ToList();
            return gaps[gaps.Count / 2];
        }
    }

    public Vector3Mm VoxelCentre(int slice, int row, int column)
        => SlicePositions[slice] + (RowDirection * (column * ColumnSpacingMm)) + (ColumnDirection * (row * RowSpacingMm));

    public double VoxelVolumeMm3 => RowSpacingMm * ColumnSpacingMm * SliceSpacingMm;
}
