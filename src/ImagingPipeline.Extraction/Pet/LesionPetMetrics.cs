using ImagingPipeline.Extraction.Geometry;

namespace ImagingPipeline.Extraction.Pet;

/// <summary>SUV figures inside one lesion mask (DOMAIN §2).</summary>
internal sealed record LesionPetMetrics
{
    /// <summary>Radius of the SUVpeak sphere: 6.2 mm (≈ 1 cm³).</summary>
    public const double PeakRadiusMm = 6.2;

    public required double SuvMax { get; init; }

    public required double SuvMean { get; init; }

    /// <summary>Mean of all voxels whose centres are within 6.2 mm of the hottest lesion voxel (local peak).</summary>
    public required double SuvPeak { get; init; }

    public required long VoxelCount { get; init; }

    public required double MtvCc { get; init; }

    public double Tlg => SuvMean * MtvCc;

    /// <summary>Computes the metrics, or null when the mask holds no voxel.</summary>
    public static LesionPetMetrics? Compute(PetVolume pet, VoxelMask mask)
    {
        ArgumentNullException.ThrowIfNull(pet);
        ArgumentNullException.ThrowIfNull(mask);
        var grid = pet.Grid;
        double sum = 0;
        long count = 0;
        var max = double.NegativeInfinity;
        (int K, int R, int C) hottest = default;
        foreach (var (k, r, first, last) in mask.Runs)
        {
            var slice = pet.SuvSlices[k];
            for (var c = first; c <= last; c++)
            {
                double v = slice[(r * grid.Columns) + c];
                sum += v;
                count++;
                if (v > max)
                {
                    max = v;
                    hottest = (k, r, c);
                }
            }
        }

        if (count == 0)
        {
            return null;
        }

        return new LesionPetMetrics
        {
            SuvMax = max,
            SuvMean = sum / count,
            SuvPeak = Peak(pet, hottest),
            VoxelCount = count,
            MtvCc = mask.VolumeCc,
        };
    }

    private static double Peak(PetVolume pet, (int K, int R, int C) at)
    {
        var grid = pet.Grid;
        var centre = grid.VoxelCentre(at.K, at.R, at.C);
        var n = grid.Normal;
        var dr = (int)Math.Ceiling(PeakRadiusMm / grid.RowSpacingMm);
        var dc = (int)Math.Ceiling(PeakRadiusMm / grid.ColumnSpacingMm);
        double sum = 0;
        long count = 0;
        for (var k = 0; k < grid.SlicePositions.Count; k++)
        {
            if (Math.Abs((grid.SlicePositions[k] - grid.SlicePositions[at.K]).Dot(n)) > PeakRadiusMm)
            {
                continue;
            }

            var slice = pet.SuvSlices[k];
            for (var r = Math.Max(0, at.R - dr); r <= Math.Min(grid.Rows - 1, at.R + dr); r++)
            {
                for (var c = Math.Max(0, at.C - dc); c <= Math.Min(grid.Columns - 1, at.C + dc); c++)
                {
                    if ((grid.VoxelCentre(k, r, c) - centre).Length <= PeakRadiusMm + 1e-9)
                    {
                        sum += slice[(r * grid.Columns) + c];
                        count++;
                    }
                }
            }
        }

        return sum / count;
    }
}
