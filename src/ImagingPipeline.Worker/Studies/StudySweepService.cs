using ImagingPipeline.Worker.Configuration;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Studies;

/// <summary>
/// Runs the study sweep every Studies:SweepInterval in this worker. Not a Hangfire recurring job:
/// Hangfire guards each recurring trigger with a lock in its storage, and a worker killed while
/// holding it kept every worker from starting or sweeping until the lock expired. The sweep is safe
/// on several workers at once (conditional UPDATEs); it only enqueues the processing jobs.
/// </summary>
internal sealed partial class StudySweepService(StudyAssembler assembler, IOptions<StudiesOptions> options, TimeProvider clock,
    ILogger<StudySweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        try
        {
            do
            {
                try
                {
                    await assembler.SweepAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSweepFailed(logger, e); // the database is unavailable: the next tick tries again
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(4102, LogLevel.Warning, "Study sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
