namespace ImagingPipeline.Worker.Configuration;

/// <summary>Study assembly (configuration section <c>Studies</c>).</summary>
internal sealed class StudiesOptions
{
    public const string Section = "Studies";

    /// <summary>A study with no new instance for this long closes.</summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A study whose content says it is whole closes after this much quiet.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the recurring sweep looks for studies to close.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A study left in Extracting longer than this (its worker died) is processed again.</summary>
    public TimeSpan ProcessingLease { get; set; } = TimeSpan.FromMinutes(10);
}
