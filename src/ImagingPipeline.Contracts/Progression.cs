namespace ImagingPipeline.Contracts;

/// <summary>How a lesion compares with the patient's prior timepoint, with the numbers used.</summary>
public sealed record Progression
{
    public ProgressionStatus Status { get; init; }

    /// <summary>The prior study compared with; null when there was none.</summary>
    public string? BaselineStudyUid { get; init; }

    /// <summary>The matched lesion's siteId at the baseline; null for a new lesion.</summary>
    public string? BaselineSiteId { get; init; }

    /// <summary>How the match was made: "label", "distance" (registered or shared frame) or null.</summary>
    public string? MatchedBy { get; init; }

    /// <summary>Distance between the matched centroids in a common frame, mm.</summary>
    public double? MatchDistanceMm { get; init; }

    public double? BaselineLongestDiameterMm { get; init; }

    public double? BaselineShortAxisMm { get; init; }

    /// <summary>Change of the RECIST measure (longest diameter, or short axis for nodes), percent.</summary>
    public double? DiameterChangePercent { get; init; }

    /// <summary>Change of the RECIST measure, mm.</summary>
    public double? DiameterChangeMm { get; init; }

    public double? BaselineSuvPeak { get; init; }

    /// <summary>Change of SUVpeak (SULpeak when available), percent.</summary>
    public double? SuvPeakChangePercent { get; init; }

    /// <summary>PET negative at baseline, positive now.</summary>
    public bool? NewFdgAvidity { get; init; }

    /// <summary>Which rule decided the status ("RECIST 1.1", "PERCIST 1.0", "new lesion", …).</summary>
    public string? Criterion { get; init; }

    /// <summary>A sentence a reviewer can read: why this status.</summary>
    public string? Reason { get; init; }
}
