namespace ImagingPipeline.Contracts;

/// <summary>One imaging criterion of the trial and whether it is met.</summary>
public sealed record CriterionResult
{
    /// <summary>Stable code: "extracranial-sites-le-5", "no-untreated-intracranial", "all-sites-visible-and-sbrt-suitable".</summary>
    public required string Code { get; init; }

    public required string Description { get; init; }

    public CriterionStatus Status { get; init; }

    public string? Reason { get; init; }
}
