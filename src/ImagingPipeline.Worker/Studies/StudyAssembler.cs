using ImagingPipeline.Worker.Configuration;
using ImagingPipeline.Worker.Index;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Studies;

/// <summary>
/// Closes studies: quiet for Studies:QuietPeriod, or whole by content and quiet for
/// Studies:GracePeriod. Also re-queues closed studies whose job was lost (in-memory job storage
/// after a restart) and releases studies whose processing worker died. Run by a recurring job;
/// safe to run concurrently on several workers (every step is a conditional UPDATE).
/// </summary>
internal sealed partial class StudyAssembler(
    StudyIndex index, IStudyJobQueue queue, IOptions<StudiesOptions> options, ILogger<StudyAssembler> logger)
{
    private readonly StudiesOptions _options = options.Value;
    private readonly SemaphoreSlim _sweeping = new(1, 1);

    /// <summary>One sweep; returns how many studies it closed (0 without sweeping while this worker's previous sweep still runs).</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        if (!await _sweeping.WaitAsync(0, ct))
        {
            return 0;
        }

        try
        {
            return await SweepOnceAsync(ct);
        }
        finally
        {
            _sweeping.Release();
        }
    }

    private async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        var now = index.NowMs;
        var quietBefore = now - (long)_options.QuietPeriod.TotalMilliseconds;
        var closed = 0;
        foreach (var (uid, last) in await index.ReceivingQuietSinceAsync(now - (long)_options.GracePeriod.TotalMilliseconds, ct))
        {
            string reason;
            if (last <= quietBefore)
            {
                reason = $"quiet for {_options.QuietPeriod}";
            }
            else if (await index.IsContentWholeAsync(uid, ct))
            {
                reason = "content complete (PET slice counts, structure set references)";
            }
            else
            {
                continue;
            }

            if (await index.TryCloseAsync(uid, last, reason, ct) is not null)
            {
                closed++;
                LogClosed(logger, uid, reason);
                queue.EnqueueProcessing(uid);
            }
        }

        // Complete studies whose job never ran (lost with in-memory job storage): queue again.
        // The claim in StudyProcessingJob makes a duplicate job a no-op.
        foreach (var uid in await index.InStateSinceAsync(StudyState.Complete, now - (long)(_options.SweepInterval.TotalMilliseconds * 6), ct))
        {
            queue.EnqueueProcessing(uid);
        }

        var leaseBefore = now - (long)_options.ProcessingLease.TotalMilliseconds;
        foreach (var uid in await index.InStateSinceAsync(StudyState.Extracting, leaseBefore, ct))
        {
            if (await index.TryReleaseAsync(uid, leaseBefore, ct) is not null)
            {
                queue.EnqueueProcessing(uid);
            }
        }

        return closed;
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Study {StudyInstanceUid} closed: {Reason}")]
    private static partial void LogClosed(ILogger logger, string studyInstanceUid, string reason);
}
