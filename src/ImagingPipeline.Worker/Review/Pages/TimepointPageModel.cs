using ImagingPipeline.Contracts;
using ImagingPipeline.Worker.Assessments;

namespace ImagingPipeline.Worker.Review.Pages;

/// <summary>Everything the study page shows for one assessment version.</summary>
internal sealed record TimepointPageModel
{
    public required ReviewView View { get; init; }

    public string? PatientName { get; init; }

    public string? StudyState { get; init; }

    public required int LatestVersion { get; init; }

    /// <summary>The change from the version before this one (null for version 1).</summary>
    public VersionDiff? Diff { get; init; }

    /// <summary>The latest eligibility answer the worker received for this timepoint.</summary>
    public ImagingEligibilityAssessed? Eligibility { get; init; }

    /// <summary>The prior timepoint's latest assessment (the baseline), when there is one.</summary>
    public OligoProgressionAssessed? Baseline { get; init; }

    public OligoProgressionAssessed Assessment => View.Assessment;

    /// <summary>The baseline lesion a site was matched with, and its index in <see cref="Baseline"/>.</summary>
    public (SiteRecord Site, int Index)? PriorOf(SiteRecord site)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (Baseline is null || site.Progression?.BaselineSiteId is not { } id)
        {
            return null;
        }

        var index = Baseline.Sites.ToList().FindIndex(s => s.SiteId == id);
        if (index < 0)
        {
            index = Baseline.Sites.ToList().FindIndex(s => string.Equals(s.RoiName, site.RoiName, StringComparison.OrdinalIgnoreCase));
        }

        return index < 0 ? null : (Baseline.Sites[index], index);
    }
}
