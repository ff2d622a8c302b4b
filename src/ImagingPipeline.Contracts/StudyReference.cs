namespace ImagingPipeline.Contracts;

/// <summary>A study used by an assessment and why it was used.</summary>
public sealed record StudyReference
{
    public required string StudyInstanceUid { get; init; }

    /// <summary>"current-pet-ct", "planning-ct", "registration", "baseline", …</summary>
    public required string Role { get; init; }

    public DateOnly? StudyDate { get; init; }

    /// <summary>Why it was joined: "same study", "shared frame of reference 1.2…", "registration 1.2…", "latest earlier timepoint".</summary>
    public string? Reason { get; init; }
}
