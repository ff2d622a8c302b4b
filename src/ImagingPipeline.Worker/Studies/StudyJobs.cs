using Hangfire;

namespace ImagingPipeline.Worker.Studies;

/// <summary>Hangfire entry points (the job storage keeps only the method and the study UID).</summary>
internal sealed class StudyJobs
{
    private readonly StudyAssembler _assembler;
    private readonly StudyProcessingJob _processing;

    public StudyJobs(StudyAssembler assembler, StudyProcessingJob processing)
    {
        _assembler = assembler;
        _processing = processing;
    }

    /// <summary>Recurring: close quiet or whole studies.</summary>
    [DisableConcurrentExecution(60)]
    [AutomaticRetry(Attempts = 0)]
    public Task SweepAsync(CancellationToken cancellationToken) => _assembler.SweepAsync(cancellationToken);

    /// <summary>Process one closed study (no-op when another job has it).</summary>
    [AutomaticRetry(Attempts = 3)]
    public Task ProcessAsync(string studyInstanceUid, CancellationToken cancellationToken) =>
        _processing.RunAsync(studyInstanceUid, cancellationToken);
}
