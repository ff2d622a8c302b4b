using System.Globalization;
using ImagingPipeline.Contracts;
using ImagingPipeline.Extraction;
using ImagingPipeline.Worker.Review.Html;

namespace ImagingPipeline.Worker.Review.Pages;

/// <summary>
/// One timepoint's assessment version: who and when, the counts as extracted and after the
/// reviewer's decisions, the eligibility answer, what changed since the version before, the lesion
/// table grouped as the trial counts, each lesion's pictures (with the prior timepoint beside them)
/// and decision form, the sign-off and the audit trail.
/// </summary>
internal static partial class TimepointPage
{
    public static string Render(PageContext page, TimepointPageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var a = model.Assessment;
        var html = new HtmlBuilder();
        Header(html, model);
        Summary(html, model);
        Eligibility(html, model);
        Changes(html, model);
        if (a.Warnings.Count > 0)
        {
            html.Add($"<section class=\"warnings\"><h2>Warnings</h2><ul>");
            foreach (var w in a.Warnings)
            {
                html.Add($"<li>{w}</li>");
            }

            html.Add($"</ul></section>");
        }

        SiteTable(html, model);
        Lesions(html, page, model);
        SignOff(html, page, model);
        AuditTrail(html, model);
        return Layout.Page(page, $"{model.PatientName ?? a.PatientId} · v{a.Version}", html.ToHtml());
    }

    private static void Header(HtmlBuilder html, TimepointPageModel model)
    {
        var a = model.Assessment;
        var date = a.StudiesUsed.FirstOrDefault(s => s.StudyInstanceUid == a.StudyInstanceUid)?.StudyDate
            ?? a.StudiesUsed.Where(s => s.Role != StudyRoles.Baseline).Select(s => s.StudyDate).Min();
        html.Add($"""
            <h1><span class="patient" id="patient-name">{model.PatientName ?? "(no name)"}</span> <span class="id">{a.PatientId}</span></h1>
            <p class="meta">Timepoint {Day(date)} · assessment <strong>version {a.Version}</strong>{(a.SupersedesVersion is { } sv ? $" (supersedes v{sv})" : "")}
             · assessed {Time(a.AssessedAt)} · study state {model.StudyState ?? "—"} · {a.ExtractorVersion}</p>
            <p class="meta uid">Anchor study {a.StudyInstanceUid}</p>
            """);
        if (!model.View.IsLatestVersion)
        {
            html.Add($"""<p class="notice" role="status">Version {a.Version} was superseded by a newer extraction. <a href="{ReviewRoutes.Version(a.StudyInstanceUid, model.LatestVersion)}">Review version {model.LatestVersion}</a>.</p>""");
        }

        html.Add($"<nav class=\"versions\">Versions:");
        for (var v = model.LatestVersion; v >= 1; v--)
        {
            html.Add($" {(v == a.Version ? HtmlBuilder.Of(h => h.Add($"<strong>v{v}</strong>")) : HtmlBuilder.Of(h => h.Add($"<a href=\"{ReviewRoutes.Version(a.StudyInstanceUid, v)}\">v{v}</a>")))}");
        }

        html.Add($"</nav><h2>Studies used</h2><ul class=\"studies\">");
        foreach (var s in a.StudiesUsed)
        {
            html.Add($"<li><strong>{s.Role}</strong> {Day(s.StudyDate)} — {s.Reason} <span class=\"uid\">{s.StudyInstanceUid}</span></li>");
        }

        html.Add($"</ul>");
    }

    private static void Summary(HtmlBuilder html, TimepointPageModel model)
    {
        var a = model.Assessment;
        var view = model.View;
        html.Add($"""
            <section class="counts" aria-label="Counts">
            <div class="count"><span class="n" id="count-extracranial">{a.ExtracranialSiteCount}</span><span>extracranial sites (extracted)</span></div>
            <div class="count"><span class="n" id="count-reviewed">{view.ReviewedExtracranialSiteCount}</span><span>extracranial sites after the decisions</span></div>
            <div class="count"><span class="n" id="count-regions">{a.NodalRegionCount}</span><span>nodal regions</span></div>
            <div class="count"><span class="n" id="count-intracranial">{a.IntracranialLesionCount}</span><span>intracranial lesions (apart)</span></div>
            """);
        if (a.Recist is { } r)
        {
            html.Add($"""<div class="count"><span class="n">{F(r.CurrentSumMm, "0.0")}</span><span>RECIST sum, mm (nadir {F(r.NadirSumMm, "0.0")}, {F(r.ChangeFromNadirPercent, "+0;-0")} %){(r.Progression == true ? " · progression" : "")}</span></div>""");
        }

        html.Add($"</section>");
    }

    private static void Eligibility(HtmlBuilder html, TimepointPageModel model)
    {
        var latestSignOff = model.View.SignOffs.LastOrDefault(s => s.AssessmentVersion == model.Assessment.Version);
        var answer = model.Eligibility;
        var current = answer is not null && answer.AssessmentVersion == model.Assessment.Version
            && (latestSignOff is null || answer.ReviewVersion == latestSignOff.ReviewVersion);
        html.Add($"<section id=\"eligibility\" class=\"eligibility\" data-awaiting=\"{(current ? "false" : "true")}\"><h2>Imaging criteria (eligibility consumer)</h2>");
        if (answer is null)
        {
            html.Add($"<p class=\"pending\">No answer from the eligibility consumer yet.</p></section>");
            return;
        }

        var status = answer.ImagingCriteria.ToString();
        html.Add($"""
            <p>Answer {answer.Version} for assessment v{answer.AssessmentVersion}{(answer.ReviewVersion is { } rv ? $", review {rv}" : ", before any review")}, {Time(answer.EvaluatedAt)}:
            <strong class="criteria {status.ToLowerInvariant()}" id="imaging-criteria">{status}</strong>{(current ? "" : " — a newer version or review is being evaluated")}</p>
            <table class="criteria"><tbody>
            """);
        foreach (var c in answer.Criteria)
        {
            html.Add($"<tr><td>{c.Description}</td><td class=\"{c.Status.ToString().ToLowerInvariant()}\">{c.Status}</td><td>{c.Reason}</td></tr>");
        }

        html.Add($"</tbody></table><p class=\"hint\">The consumer's answer states which imaging criteria are met; it is not an enrolment decision.</p></section>");
    }

    private static void Changes(HtmlBuilder html, TimepointPageModel model)
    {
        if (model.Diff is not { } diff)
        {
            return;
        }

        html.Add($"<section class=\"changes\"><h2>Changed since version {diff.FromVersion}</h2>");
        if (diff.IsEmpty)
        {
            html.Add($"<p>No lesion changed (a new extraction found the same; review again to sign off this version).</p>");
        }
        else
        {
            html.Add($"<ul>");
            foreach (var line in diff.Added.Select(s => "added: " + s).Concat(diff.Removed.Select(s => "removed: " + s)).Concat(diff.Changed).Concat(diff.Counts))
            {
                html.Add($"<li>{line}</li>");
            }

            html.Add($"</ul>");
        }

        var previous = model.View.SignOffs.LastOrDefault(s => s.AssessmentVersion < model.Assessment.Version);
        if (previous is not null)
        {
            html.Add($"<p class=\"notice\">Version {previous.AssessmentVersion} was signed off by {previous.SignedBy} on {Time(previous.SignedAt)}; this version needs its own review.</p>");
        }

        html.Add($"</section>");
    }

    internal static string F(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "—";

    internal static string Day(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";

    internal static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
