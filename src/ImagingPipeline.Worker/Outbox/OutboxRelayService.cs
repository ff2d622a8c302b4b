namespace ImagingPipeline.Worker.Outbox;

/// <summary>Runs the relay until shutdown, resuming whatever is pending after a restart (the table is created with the index schema).</summary>
internal sealed partial class OutboxRelayService(OutboxRelay relay, TimeProvider clock, ILogger<OutboxRelayService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await relay.RunOnceAsync(stoppingToken);
                if (published > 0 && relay.ConsecutiveFailures == 0)
                {
                    continue; // more may be waiting
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRoundFailed(logger, e); // the database itself is unavailable; try again after the delay
            }

            try
            {
                await Task.Delay(relay.NextDelay, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(6102, LogLevel.Warning, "Outbox relay round failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
