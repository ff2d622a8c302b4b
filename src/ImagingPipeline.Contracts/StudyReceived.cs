namespace ImagingPipeline.Contracts;

/// <summary>
/// A study stopped receiving (quiet period elapsed or its content is complete) and was handed to
/// extraction. Version 2+ means late instances reopened it.
/// </summary>
public sealed record StudyReceived : IVersionedMessage
{
    public required string StudyInstanceUid { get; init; }

    public required string PatientId { get; init; }

    public required int Version { get; init; }

    /// <summary>Issuer of Patient ID (0010,0021) when the PACS sent one.</summary>
    public string? IssuerOfPatientId { get; init; }

    /// <summary>Study Date (0008,0020).</summary>
    public DateOnly? StudyDate { get; init; }

    /// <summary>Modalities present (CT, PT, RTSTRUCT, REG, …).</summary>
    public IReadOnlyList<string> Modalities { get; init; } = [];

    public int SeriesCount { get; init; }

    public int InstanceCount { get; init; }

    /// <summary>When the study was closed for extraction.</summary>
    public DateTimeOffset CompletedAt { get; init; }

    /// <summary>Why it was closed: "quiet-period" or "content-complete" (or "reprocess").</summary>
    public string CompletionReason { get; init; } = "";
}
