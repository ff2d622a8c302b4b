using ImagingPipeline.Dicom;
using ImagingPipeline.Extraction.Geometry;

namespace ImagingPipeline.Extraction.Binding;

/// <summary>The geometry of one single-frame image (Image Plane module, PS3.3 C.7.6.2).</summary>
internal sealed record ImageSlice
{
    public required InstanceIdentity Id { get; init; }

    /// <summary>ImagePositionPatient: centre of the first voxel, mm.</summary>
    public required Vector3Mm Position { get; init; }

    /// <summary>Unit direction of increasing column index (ImageOrientationPatient 1–3).</summary>
    public required Vector3Mm RowDirection { get; init; }

    /// <summary>Unit direction of increasing row index (ImageOrientationPatient 4–6).</summary>
    public required Vector3Mm ColumnDirection { get; init; }

    /// <summary>PixelSpacing[0]: distance between rows, mm.</summary>
    public required double RowSpacingMm { get; init; }

    /// <summary>PixelSpacing[1]: distance between columns, mm.</summary>
    public required double ColumnSpacingMm { get; init; }

    public required int Rows { get; init; }

    public required int Columns { get; init; }

    public Vector3Mm Normal => RowDirection.Cross(ColumnDirection).Normalized();

    /// <summary>Reads the Image Plane geometry, or null when the instance has none (or is multi-frame).</summary>
    public static ImageSlice? Read(DicomDataset ds, InstanceIdentity id)
    {
        var ipp = DatasetValues.Numbers(ds, DicomTag.ImagePositionPatient);
        var iop = DatasetValues.Numbers(ds, DicomTag.ImageOrientationPatient);
        var spacing = DatasetValues.Numbers(ds, DicomTag.PixelSpacing);
        var rows = DatasetValues.Integer(ds, DicomTag.Rows);
        var columns = DatasetValues.Integer(ds, DicomTag.Columns);
        var frames = DatasetValues.Integer(ds, DicomTag.NumberOfFrames) ?? 1;
        if (ipp.Length != 3 || iop.Length != 6 || spacing.Length != 2 || rows is not > 0 || columns is not > 0 || frames != 1
            || spacing[0] <= 0 || spacing[1] <= 0 || ipp.Concat(iop).Concat(spacing).Any(v => !double.IsFinite(v) || Math.Abs(v) > 1e5))
        {
            return null;
        }

        var row = new Vector3Mm(iop[0], iop[1], iop[2]).Normalized();
        var column = new Vector3Mm(iop[3], iop[4], iop[5]).Normalized();
        if (row.Length == 0 || column.Length == 0 || Math.Abs(row.Dot(column)) > 1e-3)
        {
            return null;
        }

        return new ImageSlice
        {
            Id = id,
            Position = new Vector3Mm(ipp[0], ipp[1], ipp[2]),
            RowDirection = row,
            ColumnDirection = column,
            RowSpacingMm = spacing[0],
            ColumnSpacingMm = spacing[1],
            Rows = rows.Value,
            Columns = columns.Value,
        };
    }
}
