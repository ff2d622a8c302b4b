using ImagingPipeline.Worker.Review.Pictures;
using SkiaSharp;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Review;

/// <summary>
/// Checks a decoded lesion picture against the phantom's truth. The picture is centred on the
/// lesion's centroid, <c>fovMm</c> wide; the lesion's outline on its centroid slice is a closed
/// curve of radius ≈ half its longest diameter (the phantom's lesions are spheres and near-spheres).
/// </summary>
internal static class PictureCheck
{
    /// <summary>
    /// Walks 16 rays out from the centre: on at least 13 the first contour-coloured pixel lies within
    /// [0.7, 1.2] × the expected radius, and no contour pixel lies within 0.5 × of the centre.
    /// Returns the decoded picture for further checks.
    /// </summary>
    public static SKBitmap ContourAround(byte[] png, double fovMm, double radiusMm, string what)
    {
        var bitmap = SKBitmap.Decode(png) ?? throw new InvalidDataException($"{what}: not a PNG");
        var centre = bitmap.Width / 2.0;
        var expected = radiusMm / (fovMm / bitmap.Width);
        var hits = 0;
        var found = new List<string>();
        for (var ray = 0; ray < 16; ray++)
        {
            var angle = ray * Math.PI / 8;
            double? first = null;
            for (var r = 0.0; r < bitmap.Width / 2.0 - 2; r += 0.5)
            {
                var x = (int)Math.Round(centre + (r * Math.Cos(angle)));
                var y = (int)Math.Round(centre + (r * Math.Sin(angle)));
                if (bitmap.GetPixel(x, y) == PictureRenderer.ContourColor)
                {
                    first = r;
                    break;
                }
            }

            found.Add(first?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) ?? "none");
            Assert.False(first < 0.5 * expected, $"{what}: contour pixel {first:0.0} px from the centre, inside the lesion (expected radius {expected:0.0} px)");
            if (first is { } d && d >= 0.7 * expected && d <= 1.2 * expected)
            {
                hits++;
            }
        }

        Assert.True(hits >= 13, $"{what}: contour found at the lesion's radius ({expected:0.0} px) on {hits}/16 rays: {string.Join(", ", found)}");
        return bitmap;
    }

    /// <summary>Mean of a channel inside radius <paramref name="inner"/> px of the centre and in the ring between <paramref name="ringFrom"/> and <paramref name="ringTo"/> px.</summary>
    public static (double Inside, double Ring) Means(SKBitmap bitmap, Func<SKColor, double> channel, double inner, double ringFrom, double ringTo)
    {
        double inside = 0, ring = 0;
        int nInside = 0, nRing = 0;
        var c = bitmap.Width / 2.0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var d = Math.Sqrt(((x + 0.5 - c) * (x + 0.5 - c)) + ((y + 0.5 - c) * (y + 0.5 - c)));
                if (d < inner)
                {
                    inside += channel(bitmap.GetPixel(x, y));
                    nInside++;
                }
                else if (d >= ringFrom && d < ringTo)
                {
                    ring += channel(bitmap.GetPixel(x, y));
                    nRing++;
                }
            }
        }

        return (inside / Math.Max(1, nInside), ring / Math.Max(1, nRing));
    }
}
