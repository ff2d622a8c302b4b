using System.Runtime.CompilerServices;
using ImagingPipeline.Extraction.Binding;
using ImagingPipeline.Extraction.Geometry;

namespace ImagingPipeline.Worker.Review.Pictures;

/// <summary>
/// The slices of one image series in order along their normal, from header-only reads: where each
/// slice lies and which file holds its pixels. For a PET series, the SUVbw factor of each slice
/// too (null with the reason when there is no SUV).
/// </summary>
internal sealed class SliceStack
{
    public SliceStack(IReadOnlyList<ImageSlice> slices, IReadOnlyList<double>? suvFactors, string? noSuvReason)
    {
        ArgumentNullException.ThrowIfNull(slices);
        if (slices.Count == 0)
        {
            throw new ArgumentException("a stack has at least one slice", nameof(slices));
        }

        Slices = slices;
        SuvFactors = suvFactors;
        NoSuvReason = noSuvReason;
        Normal = slices[0].Normal;
        _offsets = [.. slices.Select(s => s.Position.Dot(Normal))];
        var gaps = _offsets.Zip(_offsets.Skip(1), (a, b) => b - a).Order().ToList();
        SpacingMm = gaps.Count == 0 ? 1 : gaps[gaps.Count / 2];
    }

    private readonly double[] _offsets;

    /// <summary>The slices in order of <see cref="Offsets"/> (increasing).</summary>
    public IReadOnlyList<ImageSlice> Slices { get; }

    /// <summary>Per slice: multiply the modality value by this to get SUVbw (PET only).</summary>
    public IReadOnlyList<double>? SuvFactors { get; }

    public string? NoSuvReason { get; }

    public Vector3Mm Normal { get; }

    /// <summary>Each slice's position along <see cref="Normal"/>, mm.</summary>
    public IReadOnlyList<double> Offsets => _offsets;

    /// <summary>The index of the slice whose plane is nearest to <paramref name="point"/>.</summary>
    public int Nearest(Vector3Mm point)
    {
        var offset = point.Dot(Normal);
        var best = 0;
        for (var i = 1; i < Offsets.Count; i++)
        {
            if (Math.Abs(Offsets[i] - offset) < Math.Abs(Offsets[best] - offset))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>The distance between neighbouring slices (median), or 1 mm for a single slice.</summary>
    public double SpacingMm { get; }

    /// <summary>The continuous slice index of an offset along the normal (between neighbours, linear).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per-pixel work on the first view: no tier-0 code
    public double ContinuousIndex(double offset)
    {
        var o = _offsets;
        if (o.Length == 1 || offset <= o[0])
        {
            return o.Length == 1 ? 0 : (offset - o[0]) / SpacingMm;
        }

        if (offset >= o[^1])
        {
            return o.Length - 1 + ((offset - o[^1]) / SpacingMm);
        }

        var i = Array.BinarySearch(o, offset);
        if (i >= 0)
        {
            return i;
        }

        var above = ~i;
        return above - 1 + ((offset - o[above - 1]) / (o[above] - o[above - 1]));
    }
}
