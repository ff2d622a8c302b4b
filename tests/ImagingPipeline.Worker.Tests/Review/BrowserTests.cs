using ImagingPipeline.Contracts;
using ImagingPipeline.Worker.Review;
using ImagingPipeline.Worker.Review.Pictures;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Review;

/// <summary>
/// The acceptance walk in headless Chromium against the running worker (loopback, sign-in forced,
/// embedded default): sign in, open the phantom patient, see every lesion with its numbers and
/// pictures whose contour is where the lesion is, change a nodal region, mark the sites suitable,
/// sign off, find SiteReviewCompleted on the bus and the eligibility answer on the page. Takes the
/// README's screenshots on the way.
/// </summary>
[Collection(ReviewCollection.Name)]
public sealed class BrowserTests
{
    private const string Suitable = "single isocentre, dose constraints met";

    [Fact]
    public async Task A_radiotherapist_reviews_the_phantom_patient_and_signs_off()
    {
        var ct = TestContext.Current.CancellationToken;
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var world = await ReviewWorld.StartAsync(ct);
        var reviews = new TaskCompletionSource<SiteReviewCompleted>(TaskCreationOptions.RunContinuationsAsynchronously);
        var answers = new List<ImagingEligibilityAssessed>();
        var probe = world.Services.GetRequiredService<IBus>().ConnectReceiveEndpoint("review-browser-test-probe", e =>
        {
            e.Handler<SiteReviewCompleted>(c => { reviews.TrySetResult(c.Message); return Task.CompletedTask; });
            e.Handler<ImagingEligibilityAssessed>(c => { lock (answers) { answers.Add(c.Message); } return Task.CompletedTask; });
        });
        await probe.Ready.WaitAsync(ct);
        var shots = Chromium.ScreenshotFolder();
        var a = world.Current;

        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = world.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/review");
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "login.png") });
        await page.FillAsync("#username", ReviewWorld.Radiotherapist);
        await page.FillAsync("#password", ReviewWorld.Password);
        var signIn = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#signin"),
            r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == "/login", new PageRunAndWaitForResponseOptions { Timeout = 60_000 });
        if (signIn.Status != 302)
        {
            Assert.Fail($"sign-in answered {signIn.Status}: {await signIn.TextAsync()}");
        }

        // Waits the page polls for (they survive navigations): Playwright's WaitForURL/WaitForLoadState check the
        // frame's load state and then subscribe to its event, and can miss a "load" that lands in between.
        await page.WaitForSelectorAsync("table.worklist");
        Assert.EndsWith("/review", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "worklist.png") });

        // Open the phantom patient's latest timepoint; the name is text, its script never ran.
        await page.ClickAsync($"a[href='{ReviewRoutes.Version(a.StudyInstanceUid, a.Version)}']");
        await page.WaitForSelectorAsync("#lesion-table");
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'"); // every picture on the page has loaded (or failed)
        Assert.Equal("O'BRIEN<script>window.__xss++</script>, OLIGO", await page.InnerTextAsync("#patient-name"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"));

        // Every lesion with its numbers, and its pictures with the contour where the lesion is.
        var structureSet = world.Truth.StructureSets.Single(s => s.SopInstanceUid == LesionPictures.SplitSiteId(a.Sites[0].SiteId).StructureSetUid);
        for (var i = 0; i < a.Sites.Count; i++)
        {
            var site = a.Sites[i];
            var lesion = structureSet.Structures.Single(s => s.Name == site.RoiName);
            var row = await page.InnerTextAsync($"#lesion-table tr[data-site-id='{site.SiteId}']");
            Assert.Contains(site.RoiName, row, StringComparison.Ordinal);
            Assert.Contains(TimepointNumber(site.LongestDiameterMm), row, StringComparison.Ordinal);
            Assert.Contains(TimepointNumber(site.ShortAxisMm), row, StringComparison.Ordinal);
            Assert.Contains(TimepointNumber(site.SuvPeak), row, StringComparison.Ordinal);
            foreach (var kind in new[] { "ct", "pet" })
            {
                var img = page.Locator($"#lesion-{i} figure.pictures").First.Locator($"img.{kind}");
                await img.ScrollIntoViewIfNeededAsync();
                Assert.True(await img.EvaluateAsync<bool>("i => i.complete && i.naturalWidth === 256"), $"{site.RoiName} {kind} picture loaded");
                var fov = double.Parse(await img.GetAttributeAsync("data-fov-mm") ?? "", System.Globalization.CultureInfo.InvariantCulture);
                var response = await page.APIRequest.GetAsync(await img.GetAttributeAsync("src") ?? "");
                using var bitmap = PictureCheck.ContourAround(await response.BodyAsync(), fov, lesion.LongestDiameterMm / 2, $"{site.RoiName} {kind} (browser)");
            }
        }

        Assert.Equal(structureSet.ExtracranialSiteCount.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.InnerTextAsync("#count-extracranial"));

        // Step the first lesion's pictures to the next slice and back (the script swaps the images).
        var firstCt = page.Locator("#lesion-0 figure.pictures").First.Locator("img.ct");
        await page.Locator("#lesion-0 figure.pictures").First.Locator("a.step[data-step='1']").ClickAsync();
        Assert.EndsWith("?offset=1", await firstCt.GetAttributeAsync("src") ?? "", StringComparison.Ordinal);
        await page.Locator("#lesion-0 figure.pictures").First.Locator("a.step[data-step='0']").ClickAsync();

        // Change the nodal region of the second node: its region becomes a site of its own.
        var nodes = a.Sites.Select((s, i) => (Site: s, Index: i)).Where(x => x.Site.NodalRegion is not null).ToList();
        var moved = nodes[^1];
        const string NewRegion = "hilar R";
        await Decide(page, moved.Index, region: NewRegion);
        Assert.Contains(NewRegion, await page.InnerTextAsync($"#lesion-table tr[data-site-id='{moved.Site.SiteId}']"), StringComparison.Ordinal);
        Assert.Equal((structureSet.ExtracranialSiteCount + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await page.InnerTextAsync("#count-reviewed"));

        // Mark every other site progressive and SBRT-suitable.
        for (var i = 0; i < a.Sites.Count; i++)
        {
            if (i != moved.Index)
            {
                await Decide(page, i, region: null);
            }
        }

        await page.Locator("#lesion-0").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(shots, "lesion.png") });
        await page.ClickAsync("#signoff-button");
        await page.WaitForSelectorAsync(".signoff .signed");

        var review = await reviews.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        Assert.Equal((a.StudyInstanceUid, a.Version, ReviewWorld.Radiotherapist, 1), (review.StudyInstanceUid, review.AssessmentVersion, review.ReviewedBy, review.Version));
        Assert.Equal(a.Sites.Count, review.Decisions.Count);
        Assert.All(review.Decisions, d => Assert.True(d.SbrtSuitable));
        Assert.Equal(NewRegion, review.Decisions.Single(d => d.SiteId == moved.Site.SiteId).NodalRegionOverride);
        Assert.Equal(structureSet.ExtracranialSiteCount + 1, review.ExtracranialSiteCount);

        // The eligibility consumer answers; the worker takes the answer back and the page shows it.
        // The page's script reloads it while the answer to the sign-off is outstanding; the wait survives the reloads.
        await page.WaitForSelectorAsync("#eligibility[data-awaiting='false'] #imaging-criteria", new PageWaitForSelectorOptions { Timeout = 60_000 });
        // This probe gets its copy of the answer independently of the worker's consumer: it may come after the page shows it.
        ImagingEligibilityAssessed? answer = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); answer is null && DateTime.UtcNow < deadline; await Task.Delay(100, ct))
        {
            lock (answers)
            {
                answer = answers.Where(x => x.ReviewVersion == review.Version).OrderBy(x => x.Version).LastOrDefault();
            }
        }

        Assert.NotNull(answer);

        Assert.Equal(answer.ImagingCriteria.ToString(), await page.InnerTextAsync("#imaging-criteria"));
        var eligibility = await page.InnerTextAsync("#eligibility");
        Assert.Contains($"review {review.Version}", eligibility, StringComparison.Ordinal);
        foreach (var criterion in answer.Criteria)
        {
            Assert.Contains(criterion.Description, eligibility, StringComparison.Ordinal);
        }

        Assert.Contains(ReviewWorld.Radiotherapist, await page.InnerTextAsync("#audit"), StringComparison.Ordinal);
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "timepoint.png") });
        await page.GotoAsync(ReviewRoutes.Lesion(a.StudyInstanceUid, a.Version, 0));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "lesion-page.png") });

        // Without signing in: the page is the login page, the API answers 401, and an API key opens the API.
        await using var stranger = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = world.BaseAddress.ToString() });
        var strangerPage = await stranger.NewPageAsync();
        await strangerPage.GotoAsync(ReviewRoutes.Version(a.StudyInstanceUid, a.Version));
        Assert.Contains("/login?returnUrl=", strangerPage.Url, StringComparison.Ordinal);
        Assert.Equal(1, await strangerPage.Locator("#signin").CountAsync());
        Assert.Equal(401, (await stranger.APIRequest.GetAsync($"/api/studies/{a.StudyInstanceUid}/sites")).Status);
        var keyed = await stranger.APIRequest.GetAsync($"/api/studies/{a.StudyInstanceUid}/sites", new APIRequestContextOptions
        {
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + ReviewWorld.ApiKey },
        });
        Assert.Equal(200, keyed.Status);
        Assert.Contains(a.Sites[0].SiteId, await keyed.TextAsync(), StringComparison.Ordinal);
        await probe.StopAsync(ct);
    }

    private static async Task Decide(IPage page, int index, string? region)
    {
        var form = page.Locator($"#decision-{index}");
        await form.Locator("select[name=progressive]").SelectOptionAsync("yes");
        await form.Locator("select[name=sbrtSuitable]").SelectOptionAsync("yes");
        await form.Locator("input[name=reason]").FillAsync(Suitable);
        if (region is not null)
        {
            await form.Locator("input[name=nodalRegion]").FillAsync(region);
        }

        await form.Locator("button.save").ClickAsync();
        await page.WaitForSelectorAsync($"#decision-{index} .current:has-text('{Suitable}')");
    }

    private static string TimepointNumber(double? value) =>
        value?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) ?? "—";
}
