namespace ImagingPipeline.Worker.Outbox;

/// <summary>Outbox relay settings (section "Outbox").</summary>
internal sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>How often the relay looks for pending rows when idle. Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Rows claimed per round. Default 50.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>How long a claim lasts; a relay that died mid-batch is taken over after it. Default 60 s.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one publish may wait for the broker's confirm. Default 10 s.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Back-off after a failed publish doubles from PollInterval up to this. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
}
