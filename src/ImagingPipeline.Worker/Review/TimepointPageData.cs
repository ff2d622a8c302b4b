using ImagingPipeline.Worker.Assessments;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Review.Eligibility;
using ImagingPipeline.Worker.Review.Pages;

namespace ImagingPipeline.Worker.Review;

/// <summary>Gathers what the study page shows: the review view, the version before (for the diff), the baseline timepoint, names, state, the eligibility answer.</summary>
internal sealed class TimepointPageData(ReviewRepository reviews, AssessmentRepository assessments, StudyIndex index, PatientNames names,
    EligibilityAnswers answers)
{
    public async Task<TimepointPageModel?> LoadAsync(string anchor, int? version, CancellationToken ct)
    {
        var view = await reviews.GetAsync(anchor, version, ct);
        if (view is null)
        {
            return null;
        }

        var a = view.Assessment;
        var latest = view.IsLatestVersion ? a.Version : (await assessments.GetAsync(anchor, null, ct))?.Version ?? a.Version;
        var before = a.Version > 1 ? await assessments.GetAsync(anchor, a.Version - 1, ct) : null;
        var baseline = a.BaselineStudyUid is { } b && b != anchor ? await assessments.GetAsync(b, null, ct) : null;
        var study = await index.GetStudyAsync(anchor, ct);
        return new TimepointPageModel
        {
            View = view,
            LatestVersion = latest,
            PatientName = (await names.ForAsync([a.PatientId], ct)).GetValueOrDefault(a.PatientId),
            StudyState = study?.Study.State,
            Diff = before is null ? null : VersionDiff.Compute(before, a),
            Eligibility = await answers.LatestAsync(anchor, ct),
            Baseline = baseline,
        };
    }
}
