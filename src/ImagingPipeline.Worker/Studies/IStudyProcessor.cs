namespace ImagingPipeline.Worker.Studies;

/// <summary>
/// What happens to a closed study (extraction, results, messages). Called once per claim of a
/// study version (the study is Extracting); a study whose worker died is claimed and processed
/// again, so processing must be safe to repeat.
/// </summary>
internal interface IStudyProcessor
{
    /// <summary>
    /// Processes the study and commits its results together with the Extracting → Extracted
    /// transition (<see cref="Index.StudyIndex.MarkExtractedAsync"/>), and Extracted → Published
    /// when nothing is left to publish. Returns the state it left the study in, or null when the
    /// study was reopened or released meanwhile and nothing was committed. Throwing marks it Failed.
    /// </summary>
    Task<string?> ProcessAsync(StudyProcessingContext context, CancellationToken ct);
}

/// <summary>The study version a processor works on.</summary>
internal sealed record StudyProcessingContext(string StudyInstanceUid, int Version);
