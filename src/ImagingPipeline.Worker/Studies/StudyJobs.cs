using Hangfire;

namespace ImagingPipeline.Worker.Studies;

/// <summary>Hangfire entry points (the job storage keeps only the method and the study UID).</summary>
internal sealed class StudyJobs
{
    private readonly StudyProcessingJob _processing;

    public StudyJobs(StudyProcessingJob processing) => _processing = processing;

    /// <summary>Process one closed study (no-op when another job has it).</summary>
    [AutomaticRetry(Attempts = 3)]
    public Task ProcessAsync(string studyInstanceUid, CancellationToken cancellationToken) =>
        _processing.RunAsync(studyInstanceUid, cancellationToken);
}
