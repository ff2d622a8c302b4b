using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ImagingPipeline.Extraction.Geometry;
using SkiaSharp;

namespace ImagingPipeline.Worker.Review.Pictures;

/// <summary>
/// Draws lesion pictures as PNG with SkiaSharp: a CT slice in a display window, or the PET (SUV on
/// a hot-iron scale) fused over the CT, then the contour (pure green, no anti-aliasing, so its
/// pixels are exactly <see cref="ContourColor"/>), the longest in-plane diameter (cyan), a 10/20/50
/// mm scale bar, side letters and a caption.
/// </summary>
internal static class PictureRenderer
{
    public static readonly SKColor ContourColor = new(0, 255, 0);
    public static readonly SKColor DiameterColor = new(0, 200, 255);
    private static readonly Lazy<SKTypeface> Typeface = new(() => SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default);

    /// <summary>The CT slice through the frame's plane in <paramref name="window"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per-pixel work on the first view: no tier-0 code
    public static byte[] RenderCt(PictureFrame frame, DecodedSlice ct, CtWindow window, PictureOverlay overlay)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(ct);
        var rgba = new byte[frame.Size * frame.Size * 4];
        for (var y = 0; y < frame.Size; y++)
        {
            for (var x = 0; x < frame.Size; x++)
            {
                var grey = ct.Sample(frame.PointAt(x, y)) is { } hu ? window.Grey(hu) : (byte)0;
                Put(rgba, frame.Size, x, y, grey, grey, grey);
            }
        }

        return Encode(frame, rgba, overlay, suvScaleMax: null);
    }

    /// <summary>
    /// The PET sampled on the frame's plane (<paramref name="pet"/> gives SUV at a CT-frame point), on a
    /// hot-iron scale from 0 to <paramref name="suvScaleMax"/>, blended over the CT in a dimmed soft-tissue window.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per-pixel work on the first view: no tier-0 code
    public static byte[] RenderFused(PictureFrame frame, DecodedSlice? ct, Func<Vector3Mm, float?> pet, double suvScaleMax, PictureOverlay overlay)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(pet);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(suvScaleMax);
        var rgba = new byte[frame.Size * frame.Size * 4];
        var window = CtWindow.SoftTissue;
        for (var y = 0; y < frame.Size; y++)
        {
            for (var x = 0; x < frame.Size; x++)
            {
                var point = frame.PointAt(x, y);
                var grey = ct?.Sample(point) is { } hu ? window.Grey(hu) * 0.6 : 0;
                var t = pet(point) is { } suv ? Math.Clamp(suv / suvScaleMax, 0, 1) : 0;
                var (r, g, b) = HotIron(t);
                var alpha = Math.Min(1, t * 2.5) * 0.9;
                Put(rgba, frame.Size, x, y, Blend(grey, r, alpha), Blend(grey, g, alpha), Blend(grey, b, alpha));
            }
        }

        return Encode(frame, rgba, overlay, suvScaleMax);
    }

    /// <summary>A dark picture that says why there is no image (no CT in the store, PET not registered, …).</summary>
    public static byte[] RenderMessage(int size, string title, string message)
    {
        var info = new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(40, 40, 40));
            Text(canvas, title, 6, 18, SKColors.White);
            var y = 40f;
            foreach (var line in Wrap(message, Math.Max(16, size / 7)))
            {
                Text(canvas, line, 6, y, new SKColor(220, 220, 220));
                y += 14;
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }

    /// <summary>Black → red → yellow → white, t in [0, 1]; green never exceeds red, so the contour colour cannot occur.</summary>
    public static (double R, double G, double B) HotIron(double t) =>
        (Math.Clamp(3 * t, 0, 1) * 255, Math.Clamp((3 * t) - 1, 0, 1) * 255, Math.Clamp((3 * t) - 2, 0, 1) * 255);

    private static byte Blend(double under, double over, double alpha) => (byte)Math.Round((under * (1 - alpha)) + (over * alpha));

    private static void Put(byte[] rgba, int size, int x, int y, byte r, byte g, byte b)
    {
        var i = ((y * size) + x) * 4;
        rgba[i] = r;
        rgba[i + 1] = g;
        rgba[i + 2] = b;
        rgba[i + 3] = 255;
    }

    private static byte[] Encode(PictureFrame frame, byte[] rgba, PictureOverlay overlay, double? suvScaleMax)
    {
        var info = new SKImageInfo(frame.Size, frame.Size, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using (var canvas = new SKCanvas(bitmap))
        {
            DrawContours(canvas, overlay);
            DrawDiameter(canvas, overlay);
            DrawScaleBar(canvas, frame);
            if (suvScaleMax is { } max)
            {
                DrawColourBar(canvas, frame.Size, max);
            }

            DrawCaptions(canvas, frame.Size, overlay);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static void DrawContours(SKCanvas canvas, PictureOverlay overlay)
    {
        using var paint = new SKPaint { Color = ContourColor, IsStroke = true, StrokeWidth = 2, IsAntialias = false };
        foreach (var contour in overlay.Contours.Where(c => c.Count >= 2))
        {
            using var path = new SKPath();
            path.MoveTo(contour[0].X, contour[0].Y);
            foreach (var (x, y) in contour.Skip(1))
            {
                path.LineTo(x, y);
            }

            path.Close();
            canvas.DrawPath(path, paint);
        }
    }

    private static void DrawDiameter(SKCanvas canvas, PictureOverlay overlay)
    {
        if (overlay.Diameter is not { } d)
        {
            return;
        }

        using var paint = new SKPaint { Color = DiameterColor, IsStroke = true, StrokeWidth = 1.5f, IsAntialias = true };
        using var dash = SKPathEffect.CreateDash([5, 3], 0);
        paint.PathEffect = dash;
        canvas.DrawLine(d.A.X, d.A.Y, d.B.X, d.B.Y, paint);
        paint.PathEffect = null;
        canvas.DrawCircle(d.A.X, d.A.Y, 2.5f, paint);
        canvas.DrawCircle(d.B.X, d.B.Y, 2.5f, paint);
        var label = string.Create(CultureInfo.InvariantCulture, $"{d.LengthMm:0.0} mm");
        var (x, y) = d.A.Y > d.B.Y ? d.A : d.B;
        Text(canvas, label, Math.Clamp(x - 20, 2, canvas.LocalClipBounds.Width - 60), Math.Min(y + 14, canvas.LocalClipBounds.Height - 22), DiameterColor);
    }

    private static void DrawScaleBar(SKCanvas canvas, PictureFrame frame)
    {
        var mm = new[] { 10, 20, 50, 100 }.First(l => l / frame.PixelMm >= 30 || l == 100);
        var length = (float)(mm / frame.PixelMm);
        var right = frame.Size - 24f;
        var y = frame.Size - 8f;
        using var paint = new SKPaint { Color = SKColors.White, IsStroke = true, StrokeWidth = 2, IsAntialias = true };
        canvas.DrawLine(right - length, y, right, y, paint);
        canvas.DrawLine(right - length, y - 4, right - length, y, paint);
        canvas.DrawLine(right, y - 4, right, y, paint);
        Text(canvas, string.Create(CultureInfo.InvariantCulture, $"{mm} mm"), right - length, y - 6, SKColors.White);
    }

    private static void DrawColourBar(SKCanvas canvas, int size, double max)
    {
        var top = 22f;
        var bottom = size - 30f;
        var left = size - 12f;
        using var paint = new SKPaint { IsAntialias = false };
        for (var y = top; y < bottom; y++)
        {
            var (r, g, b) = HotIron(1 - ((y - top) / (bottom - top)));
            paint.Color = new SKColor((byte)r, (byte)g, (byte)b);
            canvas.DrawRect(left, y, 8, 1, paint);
        }

        Text(canvas, string.Create(CultureInfo.InvariantCulture, $"{max:0.#}"), left - 18, top + 4, SKColors.White);
        Text(canvas, "0", left - 10, bottom, SKColors.White);
    }

    private static void DrawCaptions(SKCanvas canvas, int size, PictureOverlay overlay)
    {
        Text(canvas, overlay.Title, 4, 13, SKColors.White);
        Text(canvas, overlay.Footer, 4, size - 18, SKColors.White);
        if (overlay.Sides is { } sides)
        {
            Text(canvas, sides.Left, 4, size / 2f, SKColors.White);
            Text(canvas, sides.Right, size - 26, size / 2f, SKColors.White);
        }
    }

    private static void Text(SKCanvas canvas, string text, float x, float y, SKColor color)
    {
        if (text.Length == 0)
        {
            return;
        }

        using var font = new SKFont(Typeface.Value, 11);
        using var shadow = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        canvas.DrawText(text, x + 1, y + 1, font, shadow);
        canvas.DrawText(text, x, y, font, paint);
    }
}
