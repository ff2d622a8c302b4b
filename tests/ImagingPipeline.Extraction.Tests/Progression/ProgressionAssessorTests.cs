using ImagingPipeline.Contracts;
using ImagingPipeline.Extraction.Geometry;
using ImagingPipeline.Extraction.Progression;

namespace ImagingPipeline.Extraction.Tests.Progression;

public sealed class ProgressionAssessorTests
{
    private const string Frame = "1.2.3";

    private static SiteRecord Site(string name, double ld, double sa, double x, string? station = null, double? suvMax = null, double? suvPeak = null, string frame = Frame) => new()
    {
        SiteId = "ss/" + name,
        RoiNumber = 1,
        RoiName = name,
        LongestDiameterMm = ld,
        ShortAxisMm = sa,
        CentroidMm = [x, 0, 0],
        LymphNodeStation = station,
        NodalRegion = station is null ? null : "region " + station,
        SuvMax = suvMax,
        SuvPeak = suvPeak,
        FrameOfReferenceUid = frame,
    };

    private static Matrix4? SameFrame(string? a, string? b) => a == b ? Matrix4.Identity : null;

    private static OligoProgressionAssessed Baseline(params SiteRecord[] sites) => new()
    {
        StudyInstanceUid = "base",
        PatientId = "P",
        Version = 1,
        Sites = sites,
    };

    [Fact]
    public void Without_a_prior_timepoint_every_status_is_unknown()
    {
        var (sites, recist) = ProgressionAssessor.Assess([Site("GTV1", 20, 12, 0)], null, SameFrame);
        Assert.Equal(ProgressionStatus.Unknown, sites[0].Progression!.Status);
        Assert.Equal(20, recist!.CurrentSumMm);
        Assert.Null(recist.Progression);
    }

    [Fact]
    public void Matching_by_label_then_distance_and_statuses_follow_RECIST()
    {
        var baseline = Baseline(
            Site("GTV_Liver", 20, 15, 0),
            Site("GTV_Lung", 30, 20, 100),
            Site("GTV_old_name", 20, 10, 200),
            Site("GTVn1_4R", 20, 12, 300, "4R"));
        var current = new[]
        {
            Site("GTV_Liver", 25, 15, 5),        // +5 mm, +25 % → progressing
            Site("GTV_Lung", 20, 14, 100),       // −33 % → responding
            Site("GTV2", 21, 10, 210),           // matched by distance (10 mm) → stable
            Site("GTVn1_4R", 20, 16, 300, "4R"), // short axis 12 → 16: +33 %, +4 mm → stable
            Site("GTV_new", 12, 8, 500),         // no match → new
        };
        var (sites, recist) = ProgressionAssessor.Assess(current, baseline, SameFrame);
        Assert.Equal(ProgressionStatus.Progressing, sites[0].Progression!.Status);
        Assert.Equal("label", sites[0].Progression!.MatchedBy);
        Assert.Equal(25, sites[0].Progression!.DiameterChangePercent!.Value, 9);
        Assert.Equal(ProgressionStatus.Responding, sites[1].Progression!.Status);
        Assert.Equal("distance", sites[2].Progression!.MatchedBy);
        Assert.Equal(10, sites[2].Progression!.MatchDistanceMm!.Value, 9);
        Assert.Equal("ss/GTV_old_name", sites[2].Progression!.BaselineSiteId);
        Assert.Equal(ProgressionStatus.Stable, sites[2].Progression!.Status);
        Assert.Equal(ProgressionStatus.Stable, sites[3].Progression!.Status);
        Assert.Equal(ProgressionStatus.New, sites[4].Progression!.Status);

        // Sums: baseline 20+30+20 (node 12 < 15 not a target) = 70; now 25+20+21+16+12 = 94.
        Assert.Equal(70, recist!.BaselineSumMm);
        Assert.Equal(94, recist.CurrentSumMm);
        Assert.True(recist.Progression);
    }

    [Fact]
    public void Unregistered_frames_match_only_by_label()
    {
        var baseline = Baseline(Site("GTV_a", 20, 10, 0, frame: "other"));
        var (sites, _) = ProgressionAssessor.Assess([Site("GTV_b", 20, 10, 0)], baseline, SameFrame);
        Assert.Equal(ProgressionStatus.New, sites[0].Progression!.Status);
    }

    [Fact]
    public void Registered_frames_match_by_distance_through_the_matrix()
    {
        var baseline = Baseline(Site("GTV_a", 20, 10, 0, frame: "other"));
        var shift = new Matrix4([1, 0, 0, 50, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
        var (sites, _) = ProgressionAssessor.Assess([Site("GTV_b", 20, 10, 52)], baseline, (a, b) => a == b ? Matrix4.Identity : shift);
        Assert.Equal("distance", sites[0].Progression!.MatchedBy);
        Assert.Equal(2, sites[0].Progression!.MatchDistanceMm!.Value, 9);
    }

    [Fact]
    public void Node_newly_ten_mm_is_new_and_small_unmatched_node_is_normal()
    {
        var baseline = Baseline(Site("GTVn1_7", 12, 8, 0, "7"));
        var (sites, _) = ProgressionAssessor.Assess([Site("GTVn1_7", 14, 11, 0, "7"), Site("GTVn2_2R", 9, 7, 100, "2R")], baseline, SameFrame);
        Assert.Equal(ProgressionStatus.New, sites[0].Progression!.Status);
        Assert.Equal(ProgressionStatus.Stable, sites[1].Progression!.Status);
    }

    [Fact]
    public void Pet_new_avidity_and_PERCIST_peak_rise_are_progression()
    {
        var baseline = Baseline(Site("GTV_a", 20, 10, 0, suvMax: 1.8, suvPeak: 1.5), Site("GTV_b", 20, 10, 100, suvMax: 6, suvPeak: 4));
        var (sites, _) = ProgressionAssessor.Assess(
            [Site("GTV_a", 20, 10, 0, suvMax: 4, suvPeak: 3), Site("GTV_b", 20, 10, 100, suvMax: 8, suvPeak: 5.3)], baseline, SameFrame);
        Assert.Equal("PET new avidity", sites[0].Progression!.Criterion);
        Assert.True(sites[0].Progression!.NewFdgAvidity);
        Assert.Equal(ProgressionStatus.Progressing, sites[1].Progression!.Status);
        Assert.Equal("PERCIST 1.0", sites[1].Progression!.Criterion);

        var (small, _) = ProgressionAssessor.Assess([Site("GTV_b", 20, 10, 100, suvMax: 8, suvPeak: 4.7)], baseline, SameFrame);
        Assert.Equal(ProgressionStatus.Stable, small[0].Progression!.Status); // +17.5 %: below 30 %
    }

    [Fact]
    public void Sum_progression_is_measured_from_the_nadir()
    {
        var baseline = Baseline(Site("GTV_a", 30, 10, 0)) with { Recist = new RecistSummary { NadirSumMm = 25 } };
        var (_, recist) = ProgressionAssessor.Assess([Site("GTV_a", 31, 10, 0)], baseline, SameFrame);
        Assert.Equal(25, recist!.NadirSumMm);
        Assert.Equal(6, recist.ChangeFromNadirMm!.Value, 9);
        Assert.True(recist.Progression);
    }
}
