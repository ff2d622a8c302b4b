using ImagingPipeline.Contracts;

namespace ImagingPipeline.Consumers.Eligibility;

/// <summary>
/// The trial's imaging criteria (seed trial: ≤ 5 extracranial progressive sites by RECIST 1.1 +
/// PET/CT, progressive nodes counted once per nodal region; no untreated intracranial metastases;
/// every progressive site visible and judged SBRT-suitable by a radiotherapist). Pure: the answer
/// depends only on the assessment and the review of that assessment version, if any.
/// </summary>
internal static class EligibilityRules
{
    public const string SiteCountCode = "extracranial-sites-le-5";
    public const string IntracranialCode = "no-untreated-intracranial";
    public const string SuitabilityCode = "all-sites-visible-and-sbrt-suitable";
    public const int MaxExtracranialSites = 5;

    public static (IReadOnlyList<CriterionResult> Criteria, CriterionStatus Overall) Evaluate(
        OligoProgressionAssessed assessment, SiteReviewCompleted? review)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        if (review is not null && review.AssessmentVersion != assessment.Version)
        {
            review = null; // a review of another version says nothing about this one
        }

        var decisions = review?.Decisions.ToDictionary(d => d.SiteId, StringComparer.Ordinal)
            ?? new Dictionary<string, SiteDecision>(StringComparer.Ordinal);
        var progressive = assessment.Sites
            .Where(s => !s.IsIntracranial && IsProgressive(s, decisions.GetValueOrDefault(s.SiteId)))
            .ToList();
        var intracranial = assessment.Sites
            .Where(s => s.IsIntracranial && decisions.GetValueOrDefault(s.SiteId)?.Progressive != false)
            .ToList();

        var criteria = new[]
        {
            SiteCount(progressive, decisions),
            Intracranial(intracranial, review is not null),
            Suitability(progressive, decisions, review is not null),
        };
        var overall = criteria.Any(c => c.Status == CriterionStatus.NotMet) ? CriterionStatus.NotMet
            : criteria.All(c => c.Status == CriterionStatus.Met) ? CriterionStatus.Met
            : CriterionStatus.AwaitingReview;
        return (criteria, overall);
    }

    private static bool IsProgressive(SiteRecord site, SiteDecision? decision)
    {
        if (decision?.Progressive is bool reviewed)
        {
            return reviewed;
        }

        // Without a reviewer's word, new and growing lesions count, and so does a lesion that
        // could not be compared (no baseline): it cannot be ruled out.
        return site.Progression?.Status is null or ProgressionStatus.Unknown or ProgressionStatus.New or ProgressionStatus.Progressing;
    }

    private static CriterionResult SiteCount(List<SiteRecord> progressive, IReadOnlyDictionary<string, SiteDecision> decisions)
    {
        var count = SiteCounting.CountExtracranial(progressive, decisions);
        var status = count is >= 1 and <= MaxExtracranialSites ? CriterionStatus.Met : CriterionStatus.NotMet;
        var reason = count == 0
            ? "no extracranial progressive site: not oligo-progression"
            : $"{count} extracranial progressive site(s) (nodes counted per nodal region); the limit is {MaxExtracranialSites}";
        return new CriterionResult
        {
            Code = SiteCountCode,
            Description = "At most 5 extracranial progressive sites (RECIST 1.1 + PET/CT), progressive lymph nodes counted once per nodal region",
            Status = status,
            Reason = reason,
        };
    }

    private static CriterionResult Intracranial(List<SiteRecord> intracranial, bool reviewed)
    {
        var (status, reason) = intracranial.Count == 0
            ? (CriterionStatus.Met, "no intracranial lesion")
            : reviewed
                ? (CriterionStatus.NotMet, $"{intracranial.Count} intracranial lesion(s) still progressive after review: treat before enrolment")
                : (CriterionStatus.AwaitingReview, $"{intracranial.Count} intracranial lesion(s): a reviewer must confirm they are treated");
        return new CriterionResult
        {
            Code = IntracranialCode,
            Description = "No untreated intracranial metastases (treated intracranial lesions are not counted)",
            Status = status,
            Reason = reason,
        };
    }

    private static CriterionResult Suitability(List<SiteRecord> progressive, IReadOnlyDictionary<string, SiteDecision> decisions, bool reviewed)
    {
        var invisible = progressive.Where(s => s.CentroidMm is null || s.VolumeCc is null or <= 0).Select(s => s.RoiName).ToList();
        var unsuitable = progressive.Where(s => decisions.GetValueOrDefault(s.SiteId)?.SbrtSuitable == false).Select(s => s.RoiName).ToList();
        var undecided = progressive.Where(s => decisions.GetValueOrDefault(s.SiteId)?.SbrtSuitable is null).Select(s => s.RoiName).ToList();

        CriterionStatus status;
        string reason;
        if (invisible.Count > 0)
        {
            (status, reason) = (CriterionStatus.NotMet, $"not measurable on imaging: {string.Join(", ", invisible)}");
        }
        else if (unsuitable.Count > 0)
        {
            (status, reason) = (CriterionStatus.NotMet, $"judged not SBRT-suitable: {string.Join(", ", unsuitable)}");
        }
        else if (!reviewed || undecided.Count > 0)
        {
            (status, reason) = (CriterionStatus.AwaitingReview, reviewed
                ? $"no SBRT-suitability decision yet: {string.Join(", ", undecided)}"
                : "awaiting the radiotherapist's review");
        }
        else
        {
            (status, reason) = (CriterionStatus.Met, $"all {progressive.Count} progressive site(s) visible and judged SBRT-suitable");
        }

        return new CriterionResult
        {
            Code = SuitabilityCode,
            Description = "Every progressive site visible on imaging and judged SBRT-suitable by a radiotherapist",
            Status = status,
            Reason = reason,
        };
    }
}
