using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Metrics;
using Microsoft.Extensions.Logging;

namespace ImagingPipeline.Worker.Studies;

/// <summary>
/// Processes one closed study: claims it (Complete → Extracting, one winner among all workers) and
/// runs <see cref="IStudyProcessor"/>, which commits Extracted (and Published) with its results;
/// a processor that throws leaves the study Failed with the reason.
/// </summary>
internal sealed partial class StudyProcessingJob(
    StudyIndex index, IStudyProcessor processor, WorkerMetrics metrics, ILogger<StudyProcessingJob> logger)
{
    /// <summary>Returns false when another job already has (or had) the study.</summary>
    public async Task<bool> RunAsync(string studyInstanceUid, CancellationToken ct)
    {
        var version = await index.TryClaimAsync(studyInstanceUid, ct);
        if (version is null)
        {
            return false;
        }

        try
        {
            var final = await processor.ProcessAsync(new StudyProcessingContext(studyInstanceUid, version.Value), ct);
            if (final is null)
            {
                LogSuperseded(logger, studyInstanceUid, version.Value);
                return true;
            }

            if (final is not (StudyState.Extracted or StudyState.Published))
            {
                throw new InvalidOperationException($"The study processor left the study in '{final}'; expected Extracted or Published.");
            }

            metrics.JobSucceeded();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var reason = $"{e.GetType().Name}: {e.Message}";
            metrics.JobFailed();
            LogFailed(logger, studyInstanceUid, reason);
            if (await index.TryFinishAsync(studyInstanceUid, version.Value, StudyState.Failed, reason, ct) is null)
            {
                LogSuperseded(logger, studyInstanceUid, version.Value);
            }
        }

        return true;
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Error, Message = "Processing study {StudyInstanceUid} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string studyInstanceUid, string reason);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Study {StudyInstanceUid} version {Version} was reopened while processing; a new version follows")]
    private static partial void LogSuperseded(ILogger logger, string studyInstanceUid, int version);
}
