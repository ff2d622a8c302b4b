namespace ImagingPipeline.Worker.Assessments;

/// <summary>How studies are joined into patient timepoints (configuration section <c>Assessments</c>).</summary>
internal sealed class AssessmentOptions
{
    public const string Section = "Assessments";

    /// <summary>
    /// Studies of a patient less than this after the first study of a timepoint belong to that
    /// timepoint; earlier timepoints are priors (the latest assessed one is the baseline). Default 30 days.
    /// </summary>
    public TimeSpan TimepointWindow { get; set; } = TimeSpan.FromDays(30);
}
