using ImagingPipeline.Dicom;
using ImagingPipeline.Phantoms.Specs;

namespace ImagingPipeline.Phantoms.Writers;

/// <summary>Image Plane and Image Pixel modules (PS3.3 C.7.6.2, C.7.6.3) for one 16-bit slice of a grid.</summary>
internal static class ImagePlaneModule
{
    public static void Add(DicomDataset ds, ImageGridSpec grid, int slice, bool signed, ReadOnlySpan<short> pixelsLittleEndianSource)
    {
        var position = grid.SlicePosition(slice);
        var row = grid.RowDirection;
        var column = grid.ColumnDirection;
        ds.AddOrUpdate(DicomTag.SliceThickness, DicomVR.DS, DicomValues.Decimal(grid.SliceSpacingMm));
        ds.AddOrUpdate(DicomTag.ImagePositionPatient, DicomVR.DS,
            DicomValues.Coordinate(position.X), DicomValues.Coordinate(position.Y), DicomValues.Coordinate(position.Z));
        ds.AddOrUpdate(DicomTag.ImageOrientationPatient, DicomVR.DS,
            DicomValues.Decimals(row.X, row.Y, row.Z, column.X, column.Y, column.Z));
        ds.AddOrUpdate(DicomTag.SliceLocation, DicomVR.DS, DicomValues.Coordinate(position.Z));
        ds.AddOrUpdate(DicomTag.PixelSpacing, DicomVR.DS, DicomValues.Decimals(grid.PixelSpacingMm, grid.PixelSpacingMm));
        ds.AddOrUpdate(DicomTag.SamplesPerPixel, DicomVR.US, 1);
        ds.AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2");
        ds.AddOrUpdate(DicomTag.Rows, DicomVR.US, grid.Rows);
        ds.AddOrUpdate(DicomTag.Columns, DicomVR.US, grid.Columns);
        ds.AddOrUpdate(DicomTag.BitsAllocated, DicomVR.US, 16);
        ds.AddOrUpdate(DicomTag.BitsStored, DicomVR.US, 16);
        ds.AddOrUpdate(DicomTag.HighBit, DicomVR.US, 15);
        ds.AddOrUpdate(DicomTag.PixelRepresentation, DicomVR.US, signed ? 1 : 0);
        var bytes = new byte[pixelsLittleEndianSource.Length * 2];
        for (var i = 0; i < pixelsLittleEndianSource.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), pixelsLittleEndianSource[i]);
        }

        ds.AddOrUpdate(DicomTag.PixelData, DicomVR.OW, bytes);
    }
}
