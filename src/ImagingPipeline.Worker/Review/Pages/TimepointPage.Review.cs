using ImagingPipeline.Contracts;
using ImagingPipeline.Worker.Review.Html;

namespace ImagingPipeline.Worker.Review.Pages;

/// <summary>Decision forms, the sign-off and the audit trail.</summary>
internal static partial class TimepointPage
{
    private static void DecisionForm(HtmlBuilder html, PageContext page, TimepointPageModel model, SiteRecord s, int index)
    {
        var a = model.Assessment;
        var d = model.View.CurrentDecisions.GetValueOrDefault(s.SiteId);
        if (!page.CanReview || !model.View.IsLatestVersion)
        {
            html.Add($"<p class=\"decision-readonly\">Decision: {DecisionText(d, a)}</p>");
            return;
        }

        html.Add($"""
            <form method="post" action="{ReviewRoutes.Decision(a.StudyInstanceUid, a.Version, index)}" class="decision" id="decision-{index}">
            {Layout.Antiforgery(page)}
            <label>Progressive {YesNo("progressive", d?.Progressive)}</label>
            <label>SBRT-suitable {YesNo("sbrtSuitable", d?.SbrtSuitable)}</label>
            <label class="wide">Reason <input name="reason" maxlength="500" value="{d?.Reason}" placeholder="required when not suitable"></label>
            """);
        if (!s.IsIntracranial)
        {
            html.Add($"""
                <label>Nodal region <input name="nodalRegion" list="regions" maxlength="64" value="{d?.NodalRegionOverride}" placeholder="{s.NodalRegion ?? "not a node"}"></label>
                <label>Merge into <select name="mergedInto"><option value="">— counted on its own —</option>
                """);
            foreach (var other in a.Sites.Where(o => o.SiteId != s.SiteId && !o.IsIntracranial))
            {
                html.Add($"<option value=\"{other.SiteId}\"{(d?.MergedInto == other.SiteId ? " selected" : "")}>{other.RoiName}</option>");
            }

            html.Add($"</select></label>");
            if (s.NodalRegion is not null || d?.NodalRegionOverride is not null)
            {
                html.Add($"""<label class="check"><input type="checkbox" name="countedSeparately" value="true"{(d?.CountedSeparately == true ? " checked" : "")}> split: count as a site of its own</label>""");
            }
        }

        html.Add($"""<button type="submit" class="save">Save decision</button> <span class="current">Now: {DecisionText(d, a)}</span></form>""");
    }

    private static HtmlString YesNo(string name, bool? value) => HtmlBuilder.Of(h => h.Add($"""
        <select name="{name}"><option value=""{(value is null ? " selected" : "")}>undecided</option><option value="yes"{(value == true ? " selected" : "")}>yes</option><option value="no"{(value == false ? " selected" : "")}>no</option></select>
        """));

    internal static string DecisionText(SiteDecision? d, OligoProgressionAssessed a)
    {
        if (d is null)
        {
            return "undecided";
        }

        var parts = new List<string>
        {
            "progressive " + (d.Progressive switch { true => "yes", false => "no", null => "undecided" }),
            "SBRT-suitable " + (d.SbrtSuitable switch { true => "yes", false => "no", null => "undecided" }),
        };
        if (!string.IsNullOrEmpty(d.Reason))
        {
            parts.Add($"reason “{d.Reason}”");
        }

        if (d.NodalRegionOverride is { } region)
        {
            parts.Add("nodal region → " + region);
        }

        if (d.MergedInto is { } target)
        {
            parts.Add("merged into " + (a.Sites.FirstOrDefault(s => s.SiteId == target)?.RoiName ?? target));
        }

        if (d.CountedSeparately)
        {
            parts.Add("counted as a site of its own");
        }

        return string.Join(", ", parts);
    }

    private static void SignOff(HtmlBuilder html, PageContext page, TimepointPageModel model)
    {
        var a = model.Assessment;
        var view = model.View;
        var decided = a.Sites.Count(s => view.CurrentDecisions.GetValueOrDefault(s.SiteId)?.SbrtSuitable is not null);
        html.Add($"<section class=\"signoff\" id=\"signoff\"><h2>Sign-off</h2>");
        foreach (var so in view.SignOffs.Where(x => x.AssessmentVersion == a.Version))
        {
            html.Add($"<p class=\"signed\">Review {so.ReviewVersion}: signed off by <strong>{so.SignedBy}</strong> on {Time(so.SignedAt)} — {so.ExtracranialSiteCount} extracranial site(s), {so.IntracranialLesionCount} intracranial lesion(s); SiteReviewCompleted published through the outbox.</p>");
        }

        if (page.CanReview && view.IsLatestVersion)
        {
            html.Add($"""
                <form method="post" action="{ReviewRoutes.SignOff(a.StudyInstanceUid, a.Version)}" id="signoff-form">{Layout.Antiforgery(page)}
                <p>{decided} of {a.Sites.Count} lesions have an SBRT-suitability decision; undecided sites are signed off as awaiting review.
                Counts after the decisions: {view.ReviewedExtracranialSiteCount} extracranial site(s), {view.ReviewedIntracranialLesionCount} intracranial lesion(s).</p>
                <button type="submit" id="signoff-button">Sign off version {a.Version} as {page.UserName}</button></form>
                """);
        }

        if (page.IsAdmin)
        {
            html.Add($"""
                <form method="post" action="{ReviewRoutes.Reprocess(a.StudyInstanceUid)}" class="admin">{Layout.Antiforgery(page)}
                <button type="submit" id="reprocess-button">Reprocess the anchor study (admin)</button> <span class="hint">extracts again; a changed result becomes a new version that needs review</span></form>
                """);
        }

        html.Add($"</section>");
    }

    private static void AuditTrail(HtmlBuilder html, TimepointPageModel model)
    {
        var a = model.Assessment;
        var view = model.View;
        var entries = view.AuditTrail.Select(e => (e.DecidedAt, e.DecidedBy, e.AssessmentVersion,
                What: (a.Sites.FirstOrDefault(s => s.SiteId == e.Decision.SiteId)?.RoiName ?? e.Decision.SiteId) + ": " + DecisionText(e.Decision, a)))
            .Concat(view.SignOffs.Select(so => (DecidedAt: so.SignedAt, DecidedBy: so.SignedBy, so.AssessmentVersion,
                What: $"signed off (review {so.ReviewVersion}, message {so.MessageId:D})")))
            .OrderByDescending(e => e.DecidedAt)
            .ToList();
        html.Add($"<section class=\"audit\"><h2>Audit trail</h2>");
        if (entries.Count == 0)
        {
            html.Add($"<p class=\"empty\">No decision recorded on any version of this timepoint yet.</p></section>");
            return;
        }

        html.Add($"<table id=\"audit\"><thead><tr><th>When</th><th>Who</th><th>Version</th><th>Decision</th></tr></thead><tbody>");
        foreach (var e in entries)
        {
            html.Add($"<tr><td>{Time(e.DecidedAt)}</td><td>{e.DecidedBy}</td><td>v{e.AssessmentVersion}</td><td>{e.What}</td></tr>");
        }

        html.Add($"</tbody></table></section>");
    }
}
