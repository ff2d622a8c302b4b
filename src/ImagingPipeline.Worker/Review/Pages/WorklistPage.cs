using System.Globalization;
using ImagingPipeline.Worker.Review.Html;

namespace ImagingPipeline.Worker.Review.Pages;

/// <summary>Timepoints awaiting review (or all), newest first, with their counts and what changed since the version before.</summary>
internal static class WorklistPage
{
    public static string Render(PageContext page, IReadOnlyList<WorklistRow> rows, bool all)
    {
        var html = new HtmlBuilder();
        html.Add($"<h1>{(all ? "All timepoints" : "Awaiting review")}</h1>");
        html.Add($"<p class=\"hint\">{(all ? "The latest version of every patient timepoint, newest first." : "The latest version of each timepoint that has no sign-off yet, newest first. A new extraction after a sign-off appears here again.")}</p>");
        if (rows.Count == 0)
        {
            html.Add($"<p class=\"empty\">{(all ? "No assessment yet." : "Nothing awaits review.")}</p>");
            return Layout.Page(page, all ? "All timepoints" : "Awaiting review", html.ToHtml());
        }

        html.Add($"""
            <table class="worklist"><thead><tr>
            <th>Patient</th><th>Timepoint</th><th>Version</th><th>Study state</th><th>Review</th>
            <th class="num" title="Non-nodal extracranial lesions plus one per nodal region">Extracranial sites</th>
            <th class="num">Nodal regions</th><th class="num" title="Listed apart, never counted">Intracranial</th>
            <th>Changed since the version before</th><th>Imaging criteria</th></tr></thead><tbody>
            """);
        foreach (var row in rows)
        {
            var s = row.Summary;
            var review = s.SignedOffReviewVersion is { } rv
                ? HtmlBuilder.Of(h => h.Add($"<span class=\"badge ok\">signed off (review {rv})</span>"))
                : HtmlBuilder.Of(h => h.Add($"<span class=\"badge todo\">awaiting review</span>"));
            html.Add($"""
                <tr><td><a href="{ReviewRoutes.Version(s.StudyInstanceUid, s.Version)}" class="patient">{row.PatientName ?? "(no name)"}</a><br><span class="id">{s.PatientId}</span></td>
                <td>{Date(s.TimepointDate)}</td><td>v{s.Version}{(s.SupersedesVersion is { } sv ? $" (supersedes v{sv})" : "")}</td>
                <td>{s.StudyState ?? "—"}</td><td>{review}</td>
                <td class="num">{s.ExtracranialSiteCount}</td><td class="num">{s.NodalRegionCount}</td><td class="num">{s.IntracranialLesionCount}</td>
                <td>{row.Changes ?? (s.Version == 1 ? "first version" : "—")}</td><td>{row.Eligibility ?? "—"}</td></tr>
                """);
        }

        html.Add($"</tbody></table>");
        return Layout.Page(page, all ? "All timepoints" : "Awaiting review", html.ToHtml());
    }

    /// <summary>YYYYMMDD → YYYY-MM-DD.</summary>
    public static string Date(string? dicomDate) =>
        DateOnly.TryParseExact(dicomDate, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : dicomDate ?? "—";
}
