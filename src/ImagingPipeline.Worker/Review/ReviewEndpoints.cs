using System.Globalization;
using ImagingPipeline.Contracts;
using ImagingPipeline.Worker.Assessments;
using ImagingPipeline.Worker.Auth;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Review.Eligibility;
using ImagingPipeline.Worker.Review.Pages;
using ImagingPipeline.Worker.Review.Pictures;
using ImagingPipeline.Worker.Storage;
using ImagingPipeline.Worker.Studies;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Review;

/// <summary>
/// The review pages (server-rendered HTML), their forms (antiforgery-checked posts that redirect
/// back) and the lesion pictures (PNG). Sign-in is enforced before these run (AccessMiddleware);
/// deciding needs the radiotherapist or admin role, reprocessing the admin role.
/// </summary>
internal static partial class ReviewEndpoints
{
    public static IEndpointRouteBuilder MapReviewPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(ReviewRoutes.Root, WorklistAsync);
        app.MapGet(ReviewRoutes.Root + "/studies/{anchor}", (HttpContext c, string anchor, TimepointPageData data, IAntiforgery af, CancellationToken ct) =>
            StudyAsync(c, anchor, null, data, af, ct));
        app.MapGet(ReviewRoutes.Root + "/studies/{anchor}/v/{version:int}", (HttpContext c, string anchor, int version, TimepointPageData data, IAntiforgery af,
            CancellationToken ct) => StudyAsync(c, anchor, version, data, af, ct));
        app.MapGet(ReviewRoutes.Root + "/studies/{anchor}/v/{version:int}/sites/{site:int}", LesionAsync);
        app.MapPost(ReviewRoutes.Root + "/studies/{anchor}/v/{version:int}/sites/{site:int}/decision", DecisionAsync);
        app.MapPost(ReviewRoutes.Root + "/studies/{anchor}/v/{version:int}/signoff", SignOffAsync);
        app.MapPost(ReviewRoutes.Root + "/studies/{anchor}/reprocess", ReprocessAsync);
        app.MapGet(ReviewRoutes.Root + "/pictures/{anchor}/v/{version:int}/sites/{site:int}/{kind}.png", PictureAsync);
        app.MapGet(ReviewRoutes.Assets + "/{name}", ReviewAssets.Serve);
        return app;
    }

    private static async Task<IResult> WorklistAsync(HttpContext context, bool? all, ReviewRepository reviews, AssessmentRepository assessments,
        PatientNames names, EligibilityAnswers answers, IOptions<ReviewOptions> options, IAntiforgery antiforgery, CancellationToken ct)
    {
        var summaries = all == true
            ? await assessments.ListLatestAsync(awaitingReviewOnly: false, options.Value.ListLimit, ct)
            : await reviews.ListAwaitingReviewAsync(options.Value.ListLimit, ct);
        var patientNames = await names.ForAsync([.. summaries.Select(s => s.PatientId)], ct);
        var eligibility = await answers.LatestStatusAsync([.. summaries.Select(s => s.StudyInstanceUid)], ct);
        var rows = new List<WorklistRow>();
        foreach (var s in summaries)
        {
            string? changes = null;
            if (s.Version > 1 && await assessments.GetAsync(s.StudyInstanceUid, s.Version - 1, ct) is { } before
                && await assessments.GetAsync(s.StudyInstanceUid, s.Version, ct) is { } after)
            {
                changes = VersionDiff.Compute(before, after).Summary;
            }

            var answer = eligibility.TryGetValue(s.StudyInstanceUid, out var e)
                ? $"{e.Status} (v{e.AssessmentVersion}{(e.ReviewVersion is { } rv ? $", review {rv}" : "")})"
                : null;
            rows.Add(new WorklistRow(s, patientNames.GetValueOrDefault(s.PatientId), changes, answer));
        }

        return Html(WorklistPage.Render(PageContext.For(context, antiforgery), rows, all == true));
    }

    private static async Task<IResult> StudyAsync(HttpContext context, string anchor, int? version, TimepointPageData data, IAntiforgery antiforgery,
        CancellationToken ct)
    {
        var page = PageContext.For(context, antiforgery);
        var model = UidPolicy.IsValid(anchor) ? await data.LoadAsync(anchor, version, ct) : null;
        return model is null
            ? Html(Layout.Problem(page, "Not found", "No assessment of this timepoint and version."), StatusCodes.Status404NotFound)
            : Html(TimepointPage.Render(page, model));
    }

    private static async Task<IResult> LesionAsync(HttpContext context, string anchor, int version, int site, int? offset, AssessmentRepository assessments,
        PatientNames names, IAntiforgery antiforgery, CancellationToken ct)
    {
        var page = PageContext.For(context, antiforgery);
        var a = UidPolicy.IsValid(anchor) ? await assessments.GetAsync(anchor, version, ct) : null;
        if (a is null || site < 0 || site >= a.Sites.Count)
        {
            return Html(Layout.Problem(page, "Not found", "No such lesion in this assessment version."), StatusCodes.Status404NotFound);
        }

        var name = (await names.ForAsync([a.PatientId], ct)).GetValueOrDefault(a.PatientId);
        return Html(LesionPage.Render(page, a, site, ClampOffset(offset), name));
    }

    private static async Task<IResult> PictureAsync(string anchor, int version, int site, string kind, int? offset, int? size, LesionPictures pictures,
        CancellationToken ct)
    {
        PictureKind? which = kind switch { "ct" => PictureKind.Ct, "pet" => PictureKind.Pet, _ => null };
        if (which is null || !UidPolicy.IsValid(anchor))
        {
            return Results.NotFound();
        }

        var png = await pictures.GetAsync(anchor, version, site, which.Value, ClampOffset(offset), ct, size);
        return png is null ? Results.NotFound() : Results.Bytes(png, "image/png");
    }

    private static async Task<IResult> DecisionAsync(HttpContext context, string anchor, int version, int site, ReviewRepository reviews,
        AssessmentRepository assessments, IAntiforgery antiforgery, ILogger<ReviewRepository> logger, CancellationToken ct)
    {
        var page = PageContext.For(context, antiforgery);
        if (await RefuseAsync(context, page, antiforgery, logger, page.CanReview) is { } refused)
        {
            return refused;
        }

        var a = UidPolicy.IsValid(anchor) ? await assessments.GetAsync(anchor, version, ct) : null;
        if (a is null || site < 0 || site >= a.Sites.Count)
        {
            return Html(Layout.Problem(page, "Not found", "No such lesion in this assessment version."), StatusCodes.Status404NotFound);
        }

        var form = await context.Request.ReadFormAsync(ct);
        if (ParseDecision(form, a.Sites[site]) is not { } decision)
        {
            return Html(Layout.Problem(page, "Decision not saved",
                "Progressive and SBRT-suitable are yes, no or undecided; a site judged not suitable needs a reason (at most 500 characters)."),
                StatusCodes.Status400BadRequest);
        }

        return await GuardAsync(page, async () =>
        {
            await reviews.RecordDecisionAsync(anchor, version, decision, page.UserName, page.Role, ct);
            return Results.Redirect(ReviewRoutes.Version(anchor, version) + "#lesion-" + site.ToString(CultureInfo.InvariantCulture));
        });
    }

    private static async Task<IResult> SignOffAsync(HttpContext context, string anchor, int version, ReviewRepository reviews, IAntiforgery antiforgery,
        ILogger<ReviewRepository> logger, CancellationToken ct)
    {
        var page = PageContext.For(context, antiforgery);
        if (await RefuseAsync(context, page, antiforgery, logger, page.CanReview) is { } refused)
        {
            return refused;
        }

        return !UidPolicy.IsValid(anchor)
            ? Html(Layout.Problem(page, "Not found", "No such timepoint."), StatusCodes.Status404NotFound)
            : await GuardAsync(page, async () =>
            {
                var message = await reviews.SignOffAsync(anchor, version, page.UserName, page.Role, ct);
                LogSignedOff(logger, message.Version, message.AssessmentVersion);
                return Results.Redirect(ReviewRoutes.Version(anchor, version) + "#signoff");
            });
    }

    private static async Task<IResult> ReprocessAsync(HttpContext context, string anchor, StudyIndex index, IStudyJobQueue queue, IAntiforgery antiforgery,
        ILogger<ReviewRepository> logger, CancellationToken ct)
    {
        var page = PageContext.For(context, antiforgery);
        if (await RefuseAsync(context, page, antiforgery, logger, page.IsAdmin) is { } refused)
        {
            return refused;
        }

        if (!UidPolicy.IsValid(anchor) || await index.TryReprocessAsync(anchor, ct) is null)
        {
            return Html(Layout.Problem(page, "Not reprocessed",
                "Only a study in the index that is Extracted, Published or Failed can be reprocessed; try again when its current processing has finished."),
                StatusCodes.Status409Conflict);
        }

        queue.EnqueueProcessing(anchor);
        return Results.Redirect(ReviewRoutes.Study(anchor));
    }

    /// <summary>A refusal for a post without a valid antiforgery token (400) or by someone without the role (403); null to go on.</summary>
    private static async Task<IResult?> RefuseAsync(HttpContext context, PageContext page, IAntiforgery antiforgery, ILogger logger, bool allowed)
    {
        if (!await LoginEndpoints.IsValidFormAsync(context, antiforgery, logger))
        {
            return Html(Layout.Problem(page, "Form expired", "The form expired or did not come from this site; reload the page and try again."),
                StatusCodes.Status400BadRequest);
        }

        return allowed ? null : Html(Layout.Problem(page, "Not allowed", "Your role does not allow this."), StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> GuardAsync(PageContext page, Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (ReviewException e)
        {
            var status = e.Error switch
            {
                ReviewError.NotFound => StatusCodes.Status404NotFound,
                ReviewError.Conflict => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            };
            return Html(Layout.Problem(page, "Not saved", e.Message), status);
        }
    }

    /// <summary>The decision a form states, or null when a field is invalid.</summary>
    internal static SiteDecision? ParseDecision(IFormCollection form, SiteRecord site)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(site);
        if (!TryYesNo(form["progressive"], out var progressive) || !TryYesNo(form["sbrtSuitable"], out var suitable))
        {
            return null;
        }

        var reason = form["reason"].ToString().Trim();
        var region = form["nodalRegion"].ToString().Trim();
        var merged = form["mergedInto"].ToString().Trim();
        if (reason.Length > 500 || region.Length > 64 || (suitable == false && reason.Length == 0))
        {
            return null;
        }

        return new SiteDecision
        {
            SiteId = site.SiteId,
            Progressive = progressive,
            SbrtSuitable = suitable,
            Reason = reason.Length == 0 ? null : reason,
            NodalRegionOverride = region.Length == 0 || string.Equals(region, site.NodalRegion, StringComparison.OrdinalIgnoreCase) ? null : region,
            MergedInto = merged.Length == 0 ? null : merged,
            CountedSeparately = form["countedSeparately"].ToString() == "true",
        };
    }

    private static bool TryYesNo(string? value, out bool? result)
    {
        (var ok, result) = value switch
        {
            null or "" => (true, (bool?)null),
            "yes" => (true, true),
            "no" => (true, false),
            _ => (false, null),
        };
        return ok;
    }

    private static int ClampOffset(int? offset) => Math.Clamp(offset ?? 0, -500, 500);

    private static IResult Html(string html, int status = StatusCodes.Status200OK) => Results.Content(html, "text/html; charset=utf-8", statusCode: status);

    [LoggerMessage(7101, LogLevel.Information, "Review {ReviewVersion} of assessment version {AssessmentVersion} signed off; SiteReviewCompleted is in the outbox")]
    private static partial void LogSignedOff(ILogger logger, int reviewVersion, int assessmentVersion);
}
