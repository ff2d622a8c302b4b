namespace ImagingPipeline.Worker.Studies;

/// <summary>
/// What happens to a closed study (extraction, publishing). Called at most once per claim of a
/// study version; must be idempotent because a study whose worker died is processed again.
/// </summary>
internal interface IStudyProcessor
{
    /// <summary>Processes the study; returns the state it ends in (Extracted or Published). Throwing marks it Failed.</summary>
    Task<string> ProcessAsync(StudyProcessingContext context, CancellationToken ct);
}

/// <summary>The study a processor works on.</summary>
internal sealed record StudyProcessingContext(string StudyInstanceUid, int Version);
