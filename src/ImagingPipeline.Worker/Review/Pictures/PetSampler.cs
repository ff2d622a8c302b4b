using System.Runtime.CompilerServices;
using ImagingPipeline.Extraction.Geometry;

namespace ImagingPipeline.Worker.Review.Pictures;

/// <summary>
/// SUV at a point of the picture's frame: the point is mapped into the PET's frame (identity, or
/// through registrations), then sampled bilinearly in the two nearest PET slices and linearly
/// between them. Only the slices the picture crosses are decoded.
/// </summary>
internal sealed class PetSampler
{
    private readonly SliceStack _stack;
    private readonly Matrix4 _toPet;
    private readonly Dictionary<int, DecodedSlice> _slices = [];

    private PetSampler(SliceStack stack, Matrix4 toPet)
    {
        _stack = stack;
        _toPet = toPet;
    }

    /// <summary>Decodes the PET slices that <paramref name="frame"/> crosses and returns a sampler over them.</summary>
    public static PetSampler Load(SliceStack stack, Matrix4 toPet, PictureFrame frame, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(toPet);
        ArgumentNullException.ThrowIfNull(frame);
        var sampler = new PetSampler(stack, toPet);
        var corners = new[] { frame.PointAt(0, 0), frame.PointAt(frame.Size - 1, 0), frame.PointAt(0, frame.Size - 1), frame.PointAt(frame.Size - 1, frame.Size - 1) }
            .Select(p => stack.ContinuousIndex(toPet.Transform(p).Dot(stack.Normal)))
            .ToList();
        var first = Math.Max(0, (int)Math.Floor(corners.Min()));
        var last = Math.Min(stack.Slices.Count - 1, (int)Math.Ceiling(corners.Max()));
        for (var k = first; k <= last; k++)
        {
            ct.ThrowIfCancellationRequested();
            sampler._slices[k] = DecodedSlice.Read(stack.Slices[k], stack.SuvFactors?[k] ?? 1);
        }

        return sampler;
    }

    /// <summary>Whether the values are SUVbw (false: modality values, the series has no SUV).</summary>
    public bool IsSuv => _stack.SuvFactors is not null;

    /// <summary>The largest value on the picture's plane (every 4th pixel), to scale a PET without SUV.</summary>
    public float MaximumOver(PictureFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var max = 0f;
        for (var y = 0; y < frame.Size; y += 4)
        {
            for (var x = 0; x < frame.Size; x += 4)
            {
                max = Math.Max(max, Sample(frame.PointAt(x, y)) ?? 0);
            }
        }

        return max;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per-pixel work on the first view: no tier-0 code
    public float? Sample(Vector3Mm pointInPictureFrame)
    {
        var q = _toPet.Transform(pointInPictureFrame);
        var k = _stack.ContinuousIndex(q.Dot(_stack.Normal));
        if (k < -0.5 || k > _stack.Slices.Count - 0.5)
        {
            return null;
        }

        var k0 = (int)Math.Floor(Math.Clamp(k, 0, _stack.Slices.Count - 1));
        var k1 = Math.Min(k0 + 1, _stack.Slices.Count - 1);
        var f = (float)Math.Clamp(k - k0, 0, 1);
        var a = _slices.TryGetValue(k0, out var s0) ? s0.Sample(q) : null;
        var b = _slices.TryGetValue(k1, out var s1) ? s1.Sample(q) : null;
        return (a, b) switch
        {
            ({ } va, { } vb) => (va * (1 - f)) + (vb * f),
            ({ } va, null) => va,
            (null, { } vb) => vb,
            _ => null,
        };
    }
}
