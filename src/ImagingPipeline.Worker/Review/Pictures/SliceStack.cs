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
        Offsets = [.. slices.Select(s => s.Position.Dot(Normal))];
    }

    /// <summary>The slices in order of <see cref="Offsets"/> (increasing).</summary>
    public IReadOnlyList<ImageSlice> Slices { get; }

    /// <summary>Per slice: multiply the modality value by this to get SUVbw (PET only).</summary>
    public IReadOnlyList<double>? SuvFactors { get; }

    public string? NoSuvReason { get; }

    public Vector3Mm Normal { get; }

    /// <summary>Each slice's position along <see cref="Normal"/>, mm.</summary>
    public IReadOnlyList<double> Offsets { get; }

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
    public double SpacingMm
    {
        get
        {
            if (Offsets.Count < 2)
            {
                return 1;
            }

            var gaps = Offsets.Zip(Offsets.Skip(1), (a, b) => b - a).Order().ToList();
            return gaps[gaps.Count / 2];
        }
    }

    /// <summary>The continuous slice index of an offset along the normal (between neighbours, linear).</summary>
    public double ContinuousIndex(double offset)
    {
        if (Offsets.Count == 1 || offset <= Offsets[0])
        {
            return Offsets.Count == 1 ? 0 : (offset - Offsets[0]) / SpacingMm;
        }

        for (var i = 1; i < Offsets.Count; i++)
        {
            if (offset <= Offsets[i])
            {
                return i - 1 + ((offset - Offsets[i - 1]) / (Offsets[i] - Offsets[i - 1]));
            }
        }

        return Offsets.Count - 1 + ((offset - Offsets[^1]) / SpacingMm);
    }
}
