using System.Globalization;
using System.Net;
using ImagingPipeline.Contracts;
using ImagingPipeline.TestSupport.Phantoms;
using ImagingPipeline.Worker.Assessments;
using ImagingPipeline.Worker.Review;
using ImagingPipeline.Worker.Review.Pictures;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Review;

/// <summary>The review page over HTTP against the running worker with sign-in forced.</summary>
[Collection(ReviewCollection.Name)]
public sealed class ReviewPageTests
{
    [Fact]
    public async Task Studies_of_one_patient_id_with_another_birth_date_and_sex_are_flagged_on_the_record_and_on_the_page()
    {
        var ct = TestContext.Current.CancellationToken;
        var identity = new SmallPatient.Identity("MISMATCH-1", "DOE^ALEX", new DateOnly(1950, 1, 1));
        var first = SmallPatient.Create(identity, "review/mismatch/1");
        var second = SmallPatient.Create(identity with { BirthDate = new DateOnly(1951, 2, 2) }, "review/mismatch/2") with { Sex = "F" };
        await using var world = await ReviewWorld.StartAsync(ct, patients: [first, second]);

        var a = world.Current;
        Assert.Equal("MISMATCH-1", a.PatientId); // one Patient ID, one record: flagged, not split and not silently merged
        Assert.Contains(a.Warnings, w => w.StartsWith("patient birth date differs", StringComparison.Ordinal));
        Assert.Contains(a.Warnings, w => w.StartsWith("patient sex differs", StringComparison.Ordinal));
        using var rt = await world.SignedInAsync(ReviewWorld.Radiotherapist, ct);
        var page = WebUtility.HtmlDecode(await rt.GetStringAsync(ReviewRoutes.Version(a.StudyInstanceUid, a.Version), ct));
        Assert.Contains("patient birth date differs between studies of this Patient ID: 1950-01-01, 1951-02-02", page, StringComparison.Ordinal);
        Assert.Contains("patient sex differs between studies of this Patient ID: F, M", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_list_the_timepoint_and_show_every_lesion_with_its_numbers_grouped_as_the_trial_counts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var world = await ReviewWorld.StartAsync(ct);
        using var client = await world.SignedInAsync(ReviewWorld.Radiotherapist, ct);

        var list = await client.GetStringAsync("/review", ct);
        Assert.Contains(ReviewRoutes.Version(world.Current.StudyInstanceUid, world.Current.Version), list, StringComparison.Ordinal);
        Assert.Contains("O&#39;BRIEN&lt;script&gt;window.__xss++&lt;/script&gt;, OLIGO", list, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>window.__xss", list, StringComparison.Ordinal);

        var a = world.Current;
        var truth = world.Truth.StructureSets.Single(s => s.SopInstanceUid == LesionPictures.SplitSiteId(a.Sites[0].SiteId).StructureSetUid);
        var html = await client.GetStringAsync(ReviewRoutes.Version(a.StudyInstanceUid, a.Version), ct);
        Assert.DoesNotContain("<script>window.__xss", html, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"n\" id=\"count-extracranial\">{truth.ExtracranialSiteCount}</span>", html, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"n\" id=\"count-intracranial\">{truth.IntracranialLesionCount}</span>", html, StringComparison.Ordinal);
        foreach (var lesion in truth.Lesions)
        {
            var site = a.Sites.Single(s => s.RoiName == lesion.Name);
            var row = Row(html, site.SiteId);
            Assert.Contains(site.LongestDiameterMm!.Value.ToString("0.0", CultureInfo.InvariantCulture), row, StringComparison.Ordinal);
            Assert.Contains(site.VolumeCc!.Value.ToString("0.0", CultureInfo.InvariantCulture), row, StringComparison.Ordinal);
            Assert.Contains(site.SuvMax!.Value.ToString("0.0", CultureInfo.InvariantCulture), row, StringComparison.Ordinal);
            Assert.Contains(site.Progression!.Status.ToString(), row, StringComparison.Ordinal);
        }

        // The two nodes of one IASLC zone are one site; the brain lesion is listed apart.
        var region = truth.Lesions.First(l => l.Site!.NodalRegion is not null).Site!.NodalRegion;
        Assert.Contains("nodal region", html, StringComparison.Ordinal);
        Assert.Contains("one site (2 nodes)", html, StringComparison.Ordinal);
        var intracranial = html[html.IndexOf("Intracranial lesions — listed apart", StringComparison.Ordinal)..];
        Assert.Contains(truth.Lesions.Single(l => l.Site!.IsIntracranial).Name, intracranial, StringComparison.Ordinal);
        Assert.NotNull(region);

        // The prior timepoint is beside the lesions it matched.
        var baseline = world.Assessments[0];
        Assert.Contains(ReviewRoutes.Picture(baseline.StudyInstanceUid, baseline.Version, 0, PictureKind.Ct), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pictures_draw_the_contour_where_the_lesion_is_and_are_served_from_the_cache_after_the_first_view()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var world = await ReviewWorld.StartAsync(ct);
        using var client = await world.SignedInAsync(ReviewWorld.Radiotherapist, ct);
        foreach (var a in world.Assessments)
        {
            var truth = world.Truth.StructureSets.Single(s => s.SopInstanceUid == LesionPictures.SplitSiteId(a.Sites[0].SiteId).StructureSetUid);
            for (var i = 0; i < a.Sites.Count; i++)
            {
                var site = a.Sites[i];
                var lesion = truth.Structures.Single(s => s.Name == site.RoiName);
                var fov = PictureFrame.FieldOfViewMm(site.LongestDiameterMm);
                var what = $"{site.RoiName} (v{a.Version} of {a.StudyInstanceUid})";
                var ctPng = await client.GetByteArrayAsync(ReviewRoutes.Picture(a.StudyInstanceUid, a.Version, i, PictureKind.Ct), ct);
                using var ctImage = PictureCheck.ContourAround(ctPng, fov, lesion.LongestDiameterMm / 2, what + " CT");
                var radiusPx = lesion.LongestDiameterMm / 2 / (fov / ctImage.Width);
                if (site.Organ == "lung")
                {
                    var (inside, ring) = PictureCheck.Means(ctImage, c => c.Red, 0.5 * radiusPx, 1.3 * radiusPx, 1.6 * radiusPx);
                    Assert.True(inside > ring + 60, $"{what}: the lesion is brighter than the lung around it in the lung window ({inside:0} vs {ring:0})");
                }

                var petPng = await client.GetByteArrayAsync(ReviewRoutes.Picture(a.StudyInstanceUid, a.Version, i, PictureKind.Pet), ct);
                using var petImage = PictureCheck.ContourAround(petPng, fov, lesion.LongestDiameterMm / 2, what + " PET");
                var (hot, around) = PictureCheck.Means(petImage, c => c.Red + c.Green + c.Blue, 0.5 * radiusPx, 1.3 * radiusPx, 1.6 * radiusPx);
                Assert.True(hot > around + 40, $"{what}: the PET is hotter inside the contour ({hot:0} vs {around:0})");

                Assert.Equal(ctPng, await client.GetByteArrayAsync(ReviewRoutes.Picture(a.StudyInstanceUid, a.Version, i, PictureKind.Ct), ct));
            }
        }

        var cached = Directory.GetFiles(Path.Combine(world.StoreRoot, ".review-cache"), "*.png", SearchOption.AllDirectories);
        Assert.Equal(world.Assessments.Sum(a => a.Sites.Count) * 2, cached.Length);

        // Stepping moves to the neighbouring slice: another picture, still drawn.
        var first = world.Current;
        var next = await client.GetByteArrayAsync(ReviewRoutes.Picture(first.StudyInstanceUid, first.Version, 0, PictureKind.Ct, 1), ct);
        Assert.NotEqual(await client.GetByteArrayAsync(ReviewRoutes.Picture(first.StudyInstanceUid, first.Version, 0, PictureKind.Ct), ct), next);
    }

    [Fact]
    public async Task Sign_in_is_required_forms_need_their_token_and_a_role_and_the_api_takes_a_key()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var world = await ReviewWorld.StartAsync(ct);
        var a = world.Current;
        using var anonymous = world.Client();
        var page = await anonymous.GetAsync(ReviewRoutes.Version(a.StudyInstanceUid, a.Version), ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login?returnUrl=", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(ReviewRoutes.Picture(a.StudyInstanceUid, a.Version, 0, PictureKind.Ct), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/hangfire", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/patients/{a.PatientId}/assessment", ct)).StatusCode);
        using (var keyed = new HttpRequestMessage(HttpMethod.Get, $"/api/patients/{a.PatientId}/assessment"))
        {
            keyed.Headers.Authorization = new("Bearer", ReviewWorld.ApiKey);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(keyed, ct)).StatusCode);
        }

        using var rt = await world.SignedInAsync(ReviewWorld.Radiotherapist, ct);
        var html = await rt.GetStringAsync(ReviewRoutes.Version(a.StudyInstanceUid, a.Version), ct);
        var decision = ReviewRoutes.Decision(a.StudyInstanceUid, a.Version, 0);
        using (var forged = new FormUrlEncodedContent(new Dictionary<string, string> { ["progressive"] = "yes", ["sbrtSuitable"] = "yes" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await rt.PostAsync(decision, forged, ct)).StatusCode);
        }

        var token = ReviewWorld.FormToken(html);
        using (var notSuitableWithoutReason = Form(token, ("progressive", "yes"), ("sbrtSuitable", "no")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await rt.PostAsync(decision, notSuitableWithoutReason, ct)).StatusCode);
        }

        using (var ok = Form(token, ("progressive", "yes"), ("sbrtSuitable", "no"), ("reason", "abuts the brachial plexus")))
        {
            var saved = await rt.PostAsync(decision, ok, ct);
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var entry = Assert.Single(await world.Services.GetRequiredService<ReviewRepository>().ListDecisionsAsync(a.StudyInstanceUid, ct));
        Assert.Equal((ReviewWorld.Radiotherapist, a.Version, false, "abuts the brachial plexus"),
            (entry.DecidedBy, entry.AssessmentVersion, entry.Decision.SbrtSuitable, entry.Decision.Reason));
        Assert.Contains("abuts the brachial plexus", await rt.GetStringAsync(ReviewRoutes.Version(a.StudyInstanceUid, a.Version), ct), StringComparison.Ordinal);

        // Reprocessing is for admins.
        using (var reprocess = Form(token))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await rt.PostAsync(ReviewRoutes.Reprocess(a.StudyInstanceUid), reprocess, ct)).StatusCode);
        }

        Assert.DoesNotContain("reprocess-button", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await rt.PostAsync($"/api/studies/{a.StudyInstanceUid}/reprocess", null, ct)).StatusCode);
        using var admin = await world.SignedInAsync(ReviewWorld.Admin, ct);
        var adminPage = await admin.GetStringAsync(ReviewRoutes.Version(a.StudyInstanceUid, a.Version), ct);
        Assert.Contains("reprocess-button", adminPage, StringComparison.Ordinal);
        using (var reprocess = Form(ReviewWorld.FormToken(adminPage)))
        {
            var accepted = await admin.PostAsync(ReviewRoutes.Reprocess(a.StudyInstanceUid), reprocess, ct);
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
            Assert.Equal(ReviewRoutes.Study(a.StudyInstanceUid), accepted.Headers.Location!.OriginalString);
        }

        using (var keyed = new HttpRequestMessage(HttpMethod.Post, $"/api/studies/{world.Assessments[0].StudyInstanceUid}/reprocess"))
        {
            keyed.Headers.Authorization = new("Bearer", ReviewWorld.ApiKey);
            Assert.Equal(HttpStatusCode.Accepted, (await anonymous.SendAsync(keyed, ct)).StatusCode);
        }
    }

    [Fact]
    public async Task Merging_two_sites_counts_them_once_and_splitting_a_node_from_its_region_counts_it_apart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var world = await ReviewWorld.StartAsync(ct);
        using var rt = await world.SignedInAsync(ReviewWorld.Radiotherapist, ct);
        var a = world.Current;
        var page = ReviewRoutes.Version(a.StudyInstanceUid, a.Version);
        var html = await rt.GetStringAsync(page, ct);
        var extracted = a.ExtracranialSiteCount;
        Assert.Contains($"<span class=\"n\" id=\"count-reviewed\">{extracted}</span>", html, StringComparison.Ordinal);

        var solid = a.Sites.Select((s, i) => (Site: s, Index: i)).Where(x => !x.Site.IsIntracranial && x.Site.NodalRegion is null).ToList();
        using (var merge = Form(ReviewWorld.FormToken(html), ("progressive", "yes"), ("mergedInto", solid[0].Site.SiteId)))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await rt.PostAsync(ReviewRoutes.Decision(a.StudyInstanceUid, a.Version, solid[1].Index), merge, ct)).StatusCode);
        }

        html = await rt.GetStringAsync(page, ct);
        Assert.Contains($"<span class=\"n\" id=\"count-reviewed\">{extracted - 1}</span>", html, StringComparison.Ordinal);
        Assert.Contains($"{solid[0].Site.RoiName} with 1 merged lesion(s) — one site", html, StringComparison.Ordinal);

        var node = a.Sites.Select((s, i) => (Site: s, Index: i)).Last(x => x.Site.NodalRegion is not null);
        using (var split = Form(ReviewWorld.FormToken(html), ("progressive", "yes"), ("countedSeparately", "true")))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await rt.PostAsync(ReviewRoutes.Decision(a.StudyInstanceUid, a.Version, node.Index), split, ct)).StatusCode);
        }

        html = await rt.GetStringAsync(page, ct);
        Assert.Contains($"<span class=\"n\" id=\"count-reviewed\">{extracted}</span>", html, StringComparison.Ordinal);
        Assert.Contains("counted as a site of its own", html, StringComparison.Ordinal);
        var trail = await world.Services.GetRequiredService<ReviewRepository>().ListDecisionsAsync(a.StudyInstanceUid, ct);
        Assert.Equal([solid[1].Site.SiteId, node.Site.SiteId], trail.Select(e => e.Decision.SiteId));
    }

    [Fact]
    public async Task The_hangfire_dashboard_is_read_only_for_radiotherapists_and_never_shows_the_connection_string()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var world = await ReviewWorld.StartAsync(ct);
        using var admin = await world.SignedInAsync(ReviewWorld.Admin, ct);
        using var rt = await world.SignedInAsync(ReviewWorld.Radiotherapist, ct);
        // The studies' processing jobs succeeded while the world was seeded: admins may requeue them, radiotherapists only look.
        var asAdmin = await admin.GetStringAsync("/hangfire/jobs/succeeded", ct);
        var asRt = await rt.GetStringAsync("/hangfire/jobs/succeeded", ct);
        Assert.Contains("jobs/succeeded/requeue", asAdmin, StringComparison.Ordinal);
        Assert.DoesNotContain("jobs/succeeded/requeue", asRt, StringComparison.Ordinal);
        Assert.DoesNotContain("Data Source", asAdmin + await admin.GetStringAsync("/hangfire", ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_new_extraction_after_sign_off_asks_for_review_again_and_shows_what_changed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var world = await ReviewWorld.StartAsync(ct);
        var reviews = world.Services.GetRequiredService<ReviewRepository>();
        var a = world.Current;
        await reviews.SignOffAsync(a.StudyInstanceUid, a.Version, ReviewWorld.Radiotherapist, ct);
        using var rt = await world.SignedInAsync(ReviewWorld.Radiotherapist, ct);
        Assert.DoesNotContain(ReviewRoutes.Version(a.StudyInstanceUid, a.Version), await rt.GetStringAsync("/review", ct), StringComparison.Ordinal);

        var grown = a.Sites[0] with { LongestDiameterMm = a.Sites[0].LongestDiameterMm + 7 };
        var changed = a with { Sites = [grown, .. a.Sites.Skip(1)] };
        var recorder = world.Services.GetRequiredService<AssessmentRecorder>();
        var stored = await world.Services.GetRequiredService<Index.IndexDatabase>().InTransactionAsync((c, tx) =>
            recorder.RecordAsync(c, tx, [changed], new Studies.StudyProcessingContext(a.StudyInstanceUid, 2), ct), ct);
        var v2 = Assert.Single(stored);
        Assert.Equal(a.Version + 1, v2.Version);

        var list = await rt.GetStringAsync("/review", ct);
        Assert.Contains(ReviewRoutes.Version(a.StudyInstanceUid, v2.Version), list, StringComparison.Ordinal);
        Assert.Contains("1 changed", list, StringComparison.Ordinal);
        var html = await rt.GetStringAsync(ReviewRoutes.Version(a.StudyInstanceUid, v2.Version), ct);
        Assert.Contains($"Changed since version {a.Version}", html, StringComparison.Ordinal);
        Assert.Contains($"{grown.RoiName}: longest diameter {a.Sites[0].LongestDiameterMm!.Value.ToString("0.0", CultureInfo.InvariantCulture)} mm → " +
            $"{grown.LongestDiameterMm!.Value.ToString("0.0", CultureInfo.InvariantCulture)} mm", html, StringComparison.Ordinal);
        Assert.Contains($"Version {a.Version} was signed off by {ReviewWorld.Radiotherapist}", html, StringComparison.Ordinal);
        Assert.Contains("signoff-button", html, StringComparison.Ordinal);

        // The old version is read-only and points to the new one.
        var old = await rt.GetStringAsync(ReviewRoutes.Version(a.StudyInstanceUid, a.Version), ct);
        Assert.Contains($"Review version {v2.Version}", old, StringComparison.Ordinal);
        Assert.DoesNotContain("signoff-button", old, StringComparison.Ordinal);
    }

    private static FormUrlEncodedContent Form(string token, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Prepend(new("__af", token)));

    /// <summary>The table row of a site.</summary>
    private static string Row(string html, string siteId)
    {
        var start = html.IndexOf($"data-site-id=\"{siteId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"a row for {siteId}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}
