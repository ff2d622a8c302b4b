namespace ImagingPipeline.Contracts;

/// <summary>RECIST 1.1 sum of diameters (non-node longest diameters + node short axes) at both timepoints.</summary>
public sealed record RecistSummary
{
    public double? CurrentSumMm { get; init; }

    public double? BaselineSumMm { get; init; }

    /// <summary>The smallest sum so far (the reference for progression).</summary>
    public double? NadirSumMm { get; init; }

    public double? ChangeFromNadirPercent { get; init; }

    public double? ChangeFromNadirMm { get; init; }

    /// <summary>Sum +20 % and +5 mm over the nadir, or an unequivocal new lesion.</summary>
    public bool? Progression { get; init; }
}
