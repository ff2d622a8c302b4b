using System.Runtime.CompilerServices;
using ImagingPipeline.Dicom.Imaging;
using ImagingPipeline.Dicom;
using ImagingPipeline.Extraction.Binding;
using ImagingPipeline.Extraction.Geometry;

namespace ImagingPipeline.Worker.Review.Pictures;

/// <summary>One slice's values (CT: HU; PET: SUVbw or modality values) with its geometry, sampled bilinearly in patient coordinates.</summary>
internal sealed class DecodedSlice
{
    private readonly float[] _values;

    public DecodedSlice(ImageSlice geometry, float[] values)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != geometry.Rows * geometry.Columns)
        {
            throw new ArgumentException("one value per pixel", nameof(values));
        }

        Geometry = geometry;
        _values = values;
    }

    public ImageSlice Geometry { get; }

    /// <summary>Reads the pixel data of the slice's file (the whole file: this is the one slice needed) times <paramref name="factor"/>.</summary>
    public static DecodedSlice Read(ImageSlice geometry, double factor = 1)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var file = DicomFile.Open(geometry.Id.Source);
        var pixels = DicomPixelData.Create(file);
        if (pixels.Rows != geometry.Rows || pixels.Columns != geometry.Columns || pixels.SamplesPerPixel != 1)
        {
            throw new InvalidDataException($"image {geometry.Id.SopInstanceUid}: pixel data does not match its geometry");
        }

        var values = new float[pixels.ValuesPerFrame];
        pixels.CopyModalityValues(0, values);
        if (factor != 1)
        {
            var f = (float)factor;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] *= f;
            }
        }

        return new DecodedSlice(geometry, values);
    }

    /// <summary>The value at the in-plane projection of <paramref name="point"/>; null outside the image.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per-pixel work on the first view: no tier-0 code
    public float? Sample(Vector3Mm point)
    {
        var d = point - Geometry.Position;
        var column = d.Dot(Geometry.RowDirection) / Geometry.ColumnSpacingMm;
        var row = d.Dot(Geometry.ColumnDirection) / Geometry.RowSpacingMm;
        return SampleIndex(row, column);
    }

    /// <summary>Bilinear between pixel centres at a continuous (row, column); edge pixels extend half a pixel; null beyond.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per-pixel work on the first view: no tier-0 code
    public float? SampleIndex(double row, double column)
    {
        var rows = Geometry.Rows;
        var columns = Geometry.Columns;
        if (row < -0.5 || column < -0.5 || row > rows - 0.5 || column > columns - 0.5)
        {
            return null;
        }

        var r = Math.Clamp(row, 0, rows - 1);
        var c = Math.Clamp(column, 0, columns - 1);
        var r0 = Math.Min((int)r, rows - 1);
        var c0 = Math.Min((int)c, columns - 1);
        var r1 = Math.Min(r0 + 1, rows - 1);
        var c1 = Math.Min(c0 + 1, columns - 1);
        var fr = (float)(r - r0);
        var fc = (float)(c - c0);
        var top = (_values[(r0 * columns) + c0] * (1 - fc)) + (_values[(r0 * columns) + c1] * fc);
        var bottom = (_values[(r1 * columns) + c0] * (1 - fc)) + (_values[(r1 * columns) + c1] * fc);
        return (top * (1 - fr)) + (bottom * fr);
    }
}
