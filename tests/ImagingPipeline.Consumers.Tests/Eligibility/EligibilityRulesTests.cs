using ImagingPipeline.Consumers.Eligibility;
using ImagingPipeline.Contracts;
using static ImagingPipeline.Consumers.Tests.Samples;

namespace ImagingPipeline.Consumers.Tests.Eligibility;

public sealed class EligibilityRulesTests
{
    private static CriterionResult Criterion(IReadOnlyList<CriterionResult> c, string code) => c.Single(x => x.Code == code);

    [Fact]
    public void Nodes_in_one_region_count_once_and_five_sites_meet_the_limit()
    {
        var a = Assessment(1, Site("1"), Site("2"), Site("3"), Site("4"), Site("5", "hilar-R"), Site("6", "hilar-R"), Site("7", "hilar-R"));
        var (criteria, overall) = EligibilityRules.Evaluate(a, null);
        var count = Criterion(criteria, EligibilityRules.SiteCountCode);
        Assert.Equal(CriterionStatus.Met, count.Status);
        Assert.StartsWith("5 extracranial", count.Reason, StringComparison.Ordinal);
        Assert.Equal(CriterionStatus.AwaitingReview, Criterion(criteria, EligibilityRules.SuitabilityCode).Status);
        Assert.Equal(CriterionStatus.AwaitingReview, overall);
    }

    [Fact]
    public void Six_extracranial_sites_do_not_meet_the_limit_and_intracranial_ones_are_not_counted()
    {
        var a = Assessment(1, Site("1"), Site("2"), Site("3"), Site("4"), Site("5"), Site("6", "mediastinal"), Site("7", intracranial: true));
        var (criteria, overall) = EligibilityRules.Evaluate(a, null);
        Assert.Equal(CriterionStatus.NotMet, Criterion(criteria, EligibilityRules.SiteCountCode).Status);
        Assert.StartsWith("6 extracranial", Criterion(criteria, EligibilityRules.SiteCountCode).Reason, StringComparison.Ordinal);
        Assert.Equal(CriterionStatus.AwaitingReview, Criterion(criteria, EligibilityRules.IntracranialCode).Status);
        Assert.Equal(CriterionStatus.NotMet, overall);
    }

    [Fact]
    public void Stable_and_responding_sites_are_not_progressive()
    {
        var a = Assessment(1, Site("1"), Site("2", status: ProgressionStatus.Stable), Site("3", status: ProgressionStatus.Responding));
        var (criteria, _) = EligibilityRules.Evaluate(a, null);
        Assert.StartsWith("1 extracranial", Criterion(criteria, EligibilityRules.SiteCountCode).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void No_progressive_site_is_not_oligo_progression()
    {
        var (criteria, _) = EligibilityRules.Evaluate(Assessment(1, Site("1", status: ProgressionStatus.Stable)), null);
        Assert.Equal(CriterionStatus.NotMet, Criterion(criteria, EligibilityRules.SiteCountCode).Status);
    }

    [Fact]
    public void A_review_of_every_site_as_suitable_meets_all_criteria()
    {
        var a = Assessment(2, Site("1"), Site("2", "hilar-L"));
        var (criteria, overall) = EligibilityRules.Evaluate(a, Review(1, 2, Suitable("1"), Suitable("2")));
        Assert.All(criteria, c => Assert.Equal(CriterionStatus.Met, c.Status));
        Assert.Equal(CriterionStatus.Met, overall);
    }

    [Fact]
    public void One_unsuitable_site_fails_and_names_it()
    {
        var a = Assessment(1, Site("1"), Site("2"));
        var (criteria, overall) = EligibilityRules.Evaluate(a, Review(1, 1, Suitable("1"), Suitable("2", suitable: false)));
        var c = Criterion(criteria, EligibilityRules.SuitabilityCode);
        Assert.Equal(CriterionStatus.NotMet, c.Status);
        Assert.Contains("GTV_2", c.Reason, StringComparison.Ordinal);
        Assert.Equal(CriterionStatus.NotMet, overall);
    }

    [Fact]
    public void A_review_of_an_older_assessment_version_is_ignored()
    {
        var a = Assessment(2, Site("1"));
        var (criteria, _) = EligibilityRules.Evaluate(a, Review(1, 1, Suitable("1")));
        Assert.Equal(CriterionStatus.AwaitingReview, Criterion(criteria, EligibilityRules.SuitabilityCode).Status);
    }

    [Fact]
    public void Reviewer_decisions_remove_sites_merge_them_and_override_regions()
    {
        var a = Assessment(1, Site("1"), Site("2"), Site("3"), Site("4"), Site("5"), Site("6"), Site("7", intracranial: true));
        var review = Review(1, 1,
            Suitable("1"), Suitable("2"), Suitable("3"), Suitable("4"),
            Suitable("5", progressive: false),
            new SiteDecision { SiteId = "1.2.3/6", Progressive = true, SbrtSuitable = true, MergedInto = "1.2.3/4" },
            new SiteDecision { SiteId = "1.2.3/7", Progressive = false });
        var (criteria, overall) = EligibilityRules.Evaluate(a, review);
        Assert.StartsWith("4 extracranial", Criterion(criteria, EligibilityRules.SiteCountCode).Reason, StringComparison.Ordinal);
        Assert.Equal(CriterionStatus.Met, Criterion(criteria, EligibilityRules.IntracranialCode).Status);
        Assert.Equal(CriterionStatus.Met, overall);
    }

    [Fact]
    public void A_site_without_geometry_is_not_visible()
    {
        var a = Assessment(1, Site("1") with { VolumeCc = null });
        var (criteria, _) = EligibilityRules.Evaluate(a, Review(1, 1, Suitable("1")));
        Assert.Equal(CriterionStatus.NotMet, Criterion(criteria, EligibilityRules.SuitabilityCode).Status);
    }
}
