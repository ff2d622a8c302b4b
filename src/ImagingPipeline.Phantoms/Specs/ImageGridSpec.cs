using ImagingPipeline.Phantoms.Geometry;

namespace ImagingPipeline.Phantoms.Specs;

/// <summary>
/// An axial image stack in a frame of reference: square pixels, equally spaced slices centred on
/// <see cref="CentreMm"/>. Head-first series are acquired from the top slice down, feet-first from the bottom up.
/// </summary>
public sealed record ImageGridSpec
{
    public required int Rows { get; init; }

    public required int Columns { get; init; }

    public required double PixelSpacingMm { get; init; }

    public required double SliceSpacingMm { get; init; }

    public required int SliceCount { get; init; }

    /// <summary>Centre of the stack in frame coordinates.</summary>
    public PointMm CentreMm { get; init; }

    public PatientPosition Position { get; init; } = PatientPosition.HeadFirstSupine;

    /// <summary>Direction of increasing column index (first three values of ImageOrientationPatient).</summary>
    public PointMm RowDirection => Position switch
    {
        PatientPosition.HeadFirstSupine or PatientPosition.FeetFirstProne => new PointMm(1, 0, 0),
        _ => new PointMm(-1, 0, 0),
    };

    /// <summary>Direction of increasing row index (last three values of ImageOrientationPatient).</summary>
    public PointMm ColumnDirection => Position switch
    {
        PatientPosition.HeadFirstSupine or PatientPosition.FeetFirstSupine => new PointMm(0, 1, 0),
        _ => new PointMm(0, -1, 0),
    };

    public string PositionCode => Position switch
    {
        PatientPosition.HeadFirstSupine => "HFS",
        PatientPosition.FeetFirstSupine => "FFS",
        PatientPosition.HeadFirstProne => "HFP",
        _ => "FFP",
    };

    private bool HeadFirst => Position is PatientPosition.HeadFirstSupine or PatientPosition.HeadFirstProne;

    /// <summary>The z of slice <paramref name="slice"/> in acquisition order.</summary>
    public double SliceZ(int slice)
    {
        var half = (SliceCount - 1) / 2.0 * SliceSpacingMm;
        return HeadFirst ? CentreMm.Z + half - (slice * SliceSpacingMm) : CentreMm.Z - half + (slice * SliceSpacingMm);
    }

    /// <summary>ImagePositionPatient of a slice: the centre of its first voxel.</summary>
    public PointMm SlicePosition(int slice)
    {
        var centre = new PointMm(CentreMm.X, CentreMm.Y, SliceZ(slice));
        return centre - (RowDirection * ((Columns - 1) / 2.0 * PixelSpacingMm)) - (ColumnDirection * ((Rows - 1) / 2.0 * PixelSpacingMm));
    }

    public PointMm VoxelCentre(int slice, int row, int column)
        => SlicePosition(slice) + (RowDirection * (column * PixelSpacingMm)) + (ColumnDirection * (row * PixelSpacingMm));

    /// <summary>Fractional (slice, row, column) index of a frame point: the inverse of <see cref="VoxelCentre"/>.</summary>
    public (double Slice, double Row, double Column) ContinuousIndex(PointMm point)
    {
        var d = point - SlicePosition(0);
        var slice = (HeadFirst ? SliceZ(0) - point.Z : point.Z - SliceZ(0)) / SliceSpacingMm;
        return (slice, d.Dot(ColumnDirection) / PixelSpacingMm, d.Dot(RowDirection) / PixelSpacingMm);
    }

    /// <summary>The voxel centre nearest to <paramref name="point"/> (frame coordinates), clamped to the grid.</summary>
    public PointMm NearestVoxelCentre(PointMm point)
    {
        var (k, r, c) = ContinuousIndex(point);
        return VoxelCentre(
            Math.Clamp((int)Math.Round(k), 0, SliceCount - 1),
            Math.Clamp((int)Math.Round(r), 0, Rows - 1),
            Math.Clamp((int)Math.Round(c), 0, Columns - 1));
    }
}
