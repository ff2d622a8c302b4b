using ImagingPipeline.Contracts;
using ImagingPipeline.Extraction.Geometry;
using ImagingPipeline.Worker.Review;
using ImagingPipeline.Worker.Review.Html;
using ImagingPipeline.Worker.Review.Pictures;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Review;

/// <summary>The review page's parts on their own: encoding, names, forms, diffs, picture geometry and windows.</summary>
public sealed class ReviewPartsTests
{
    private static readonly SiteRecord Node = new()
    {
        SiteId = "1.2.3/4", RoiNumber = 4, RoiName = "GTVn1_4R", NodalRegion = "upper mediastinal R", LongestDiameterMm = 22.04, VolumeCc = 2.5,
        SuvMax = 8.04, Progression = new Progression { Status = ProgressionStatus.Progressing },
    };

    [Fact]
    public void Every_hole_in_a_page_template_is_encoded_unless_it_is_markup()
    {
        var html = new HtmlBuilder();
        var name = "<img src=x onerror=alert(1)>&\"'";
        html.Add($"<td title=\"{name}\">{name}</td>{new HtmlString("<br>")}{1.5}");
        Assert.Equal("<td title=\"&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;\">&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;</td><br>1.5",
            html.ToString());
    }

    [Theory]
    [InlineData("DOE^JANE", "DOE, JANE")]
    [InlineData("DOE^JANE^^DR", "DOE, JANE DR")]
    [InlineData("DOE", "DOE")]
    [InlineData("YAMADA^TARO=山田^太郎=やまだ^たろう", "YAMADA, TARO")]
    public void Person_names_show_their_alphabetic_group(string pn, string shown) => Assert.Equal(shown, PatientNames.Display(pn));

    [Fact]
    public void A_decision_form_becomes_a_site_decision_and_bad_forms_are_refused()
    {
        var decision = ReviewEndpoints.ParseDecision(Form(("progressive", "yes"), ("sbrtSuitable", "no"), ("reason", " near the cord "),
            ("nodalRegion", "hilar R"), ("mergedInto", ""), ("countedSeparately", "true")), Node);
        Assert.NotNull(decision);
        Assert.Equal((true, false, "near the cord", "hilar R", (string?)null, true),
            (decision.Progressive, decision.SbrtSuitable, decision.Reason, decision.NodalRegionOverride, decision.MergedInto, decision.CountedSeparately));

        // The extracted region typed again is no override; undecided stays undecided.
        var same = ReviewEndpoints.ParseDecision(Form(("nodalRegion", "Upper Mediastinal R")), Node);
        Assert.Equal((null, null, null), (same!.Progressive, same.SbrtSuitable, same.NodalRegionOverride));

        Assert.Null(ReviewEndpoints.ParseDecision(Form(("sbrtSuitable", "no")), Node)); // not suitable needs a reason
        Assert.Null(ReviewEndpoints.ParseDecision(Form(("progressive", "maybe")), Node));
        Assert.Null(ReviewEndpoints.ParseDecision(Form(("reason", new string('x', 501))), Node));
    }

    [Fact]
    public void The_diff_names_added_removed_and_changed_sites_at_the_precision_shown()
    {
        var before = Assessment(1, Node, Node with { SiteId = "1.2.3/5", RoiName = "GTV2_Liver", NodalRegion = null });
        var after = Assessment(2, Node with { SiteId = "9.9/4", LongestDiameterMm = 22.03, SuvMax = 9.1 }, Node with { SiteId = "9.9/6", RoiName = "GTV3_Rib_L", NodalRegion = null })
            with { ExtracranialSiteCount = 2 };
        var diff = VersionDiff.Compute(before, after);
        Assert.Equal(["GTV3_Rib_L"], diff.Added);
        Assert.Equal(["GTV2_Liver"], diff.Removed);
        Assert.Equal(["GTVn1_4R: SUVmax 8.0 → 9.1"], diff.Changed); // matched by name; 22.04 → 22.03 shows as 22.0 both times
        Assert.Equal("+1 site, −1 site, 1 changed, extracranial sites 1 → 2", diff.Summary);
        Assert.True(VersionDiff.Compute(before, before with { Version = 2 }).IsEmpty);
    }

    [Fact]
    public void A_picture_frame_maps_points_to_pixels_and_back()
    {
        var frame = new PictureFrame(new Vector3Mm(10, -20, 30), new Vector3Mm(1, 0, 0), new Vector3Mm(0, 1, 0), 256, 0.5);
        Assert.Equal((128f, 128f), frame.Project(new Vector3Mm(10, -20, 30)));
        Assert.Equal((138f, 108f), frame.Project(new Vector3Mm(15, -30, 30)));
        var p = frame.PointAt(0, 0);
        Assert.Equal((0.5f, 0.5f), frame.Project(p));
        Assert.Equal(80, PictureFrame.FieldOfViewMm(31.6));
        Assert.Equal(60, PictureFrame.FieldOfViewMm(5));
        Assert.Equal(400, PictureFrame.FieldOfViewMm(300));
    }

    [Fact]
    public void Windows_follow_the_organ_and_the_hot_iron_scale_never_reaches_the_contour_colour()
    {
        Assert.Equal(CtWindow.Lung, CtWindow.For("lung"));
        Assert.Equal(CtWindow.Bone, CtWindow.For("bone"));
        Assert.Equal(CtWindow.SoftTissue, CtWindow.For("liver"));
        Assert.Equal((byte)0, CtWindow.SoftTissue.Grey(-1000));
        Assert.Equal((byte)128, CtWindow.SoftTissue.Grey(40));
        Assert.Equal((byte)255, CtWindow.SoftTissue.Grey(3000));
        for (var t = 0.0; t <= 1.0; t += 0.01)
        {
            var (r, g, _) = PictureRenderer.HotIron(t);
            Assert.True(g <= r);
        }
    }

    [Fact]
    public void Slice_stacks_find_the_nearest_slice_and_interpolate_between_them()
    {
        var slices = Enumerable.Range(0, 5).Select(i => new Extraction.Binding.ImageSlice
        {
            Id = new Extraction.Binding.InstanceIdentity
            {
                Source = $"s{i}", SopClassUid = "1.2.840.10008.5.1.4.1.1.2", SopInstanceUid = $"1.{i}", PatientId = "P", StudyInstanceUid = "1", SeriesInstanceUid = "2",
            },
            Position = new Vector3Mm(0, 0, 10 + (i * 3)),
            RowDirection = new Vector3Mm(1, 0, 0),
            ColumnDirection = new Vector3Mm(0, 1, 0),
            RowSpacingMm = 1,
            ColumnSpacingMm = 1,
            Rows = 4,
            Columns = 4,
        }).ToList();
        var stack = new SliceStack(slices, null, null);
        Assert.Equal(3, stack.SpacingMm);
        Assert.Equal(2, stack.Nearest(new Vector3Mm(5, 5, 16.9)));
        Assert.Equal(2.5, stack.ContinuousIndex(17.5), 6);
        Assert.Equal(2, stack.ContinuousIndex(16), 6);
        Assert.Equal(-1, stack.ContinuousIndex(7), 6);
        Assert.Equal(5, stack.ContinuousIndex(25), 6);
    }

    private static OligoProgressionAssessed Assessment(int version, params SiteRecord[] sites) => new()
    {
        StudyInstanceUid = "1.2.3", PatientId = "P", Version = version, Sites = sites, ExtracranialSiteCount = 1, NodalRegionCount = 1,
    };

    private static FormCollection Form(params (string Name, string Value)[] fields) =>
        new(fields.ToDictionary(f => f.Name, f => new StringValues(f.Value), StringComparer.Ordinal));
}
