using ImagingPipeline.Contracts;
using ImagingPipeline.Worker.Review.Html;

namespace ImagingPipeline.Worker.Review.Pages;

/// <summary>The lesion table, grouped as the trial counts: each nodal region one site, every other extracranial lesion one site, intracranial lesions apart.</summary>
internal static partial class TimepointPage
{
    private static void SiteTable(HtmlBuilder html, TimepointPageModel model)
    {
        var a = model.Assessment;
        var decisions = model.View.CurrentDecisions;
        var byId = a.Sites.GroupBy(s => s.SiteId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var indexed = a.Sites.Select((s, i) => (Site: s, Index: i)).ToList();
        var groups = indexed.Where(x => !x.Site.IsIntracranial)
            .GroupBy(x => SiteCounting.GroupOf(x.Site, byId, decisions).Label, StringComparer.OrdinalIgnoreCase)
            .ToList();
        html.Add($"""
            <section class="sites"><h2>Lesions</h2>
            <table class="lesions" id="lesion-table"><thead><tr>
            <th>ROI</th><th>Organ / site</th><th>Lat.</th><th>Station → nodal region</th><th class="num">Volume cm³</th>
            <th class="num">Longest Ø mm</th><th class="num">Short axis mm</th><th class="num">SUVmax</th><th class="num">SUVpeak</th>
            <th>Progression</th><th>Warnings</th></tr></thead>
            """);
        var number = 0;
        foreach (var group in groups)
        {
            var first = group.First().Site;
            var ruledOut = group.All(x => decisions.GetValueOrDefault(x.Site.SiteId)?.Progressive == false);
            var region = SiteCounting.GroupOf(first, byId, decisions).NodalRegion;
            number += ruledOut ? 0 : 1;
            var title = region is not null
                ? $"nodal region {region} — one site ({group.Count()} node{(group.Count() == 1 ? "" : "s")})"
                : group.Count() > 1 ? $"{first.RoiName} with {group.Count() - 1} merged lesion(s) — one site" : first.RoiName;
            html.Add($"""<tbody class="group"><tr class="group-head"><th colspan="11">{(ruledOut ? "not counted (ruled out as not progressive)" : $"Extracranial site {number}")}: {title}</th></tr>""");
            foreach (var (site, index) in group)
            {
                SiteRow(html, model, site, index);
            }

            html.Add($"</tbody>");
        }

        var intracranial = indexed.Where(x => x.Site.IsIntracranial).ToList();
        if (intracranial.Count > 0)
        {
            html.Add($"""<tbody class="group intracranial"><tr class="group-head"><th colspan="11">Intracranial lesions — listed apart, not counted among the ≤ 5 extracranial sites</th></tr>""");
            foreach (var (site, index) in intracranial)
            {
                SiteRow(html, model, site, index);
            }

            html.Add($"</tbody>");
        }

        html.Add($"</table>");
        if (a.NonLesionRois.Count > 0)
        {
            html.Add($"<p class=\"hint\">Structures that are not lesions: {string.Join(", ", a.NonLesionRois)}</p>");
        }

        html.Add($"</section>");
    }

    private static void SiteRow(HtmlBuilder html, TimepointPageModel model, SiteRecord s, int index)
    {
        var decision = model.View.CurrentDecisions.GetValueOrDefault(s.SiteId);
        var region = decision?.NodalRegionOverride is { } o
            ? HtmlBuilder.Of(h => h.Add($"<del>{s.NodalRegion ?? "—"}</del> <strong class=\"override\">{o}</strong> (reviewer)"))
            : HtmlBuilder.Of(h => h.Text(s.NodalRegion ?? "—"));
        html.Add($"""
            <tr id="row-{index}" data-site-id="{s.SiteId}"><td><a href="#lesion-{index}">{s.RoiName}</a></td><td>{s.Organ ?? "—"}</td><td>{s.Laterality ?? "—"}</td>
            <td>{s.LymphNodeStation ?? "—"} → <span class="region">{region}</span></td>
            <td class="num">{F(s.VolumeCc, "0.0")}</td><td class="num">{F(s.LongestDiameterMm, "0.0")}</td><td class="num">{F(s.ShortAxisMm, "0.0")}</td>
            <td class="num">{F(s.SuvMax, "0.0")}</td><td class="num">{F(s.SuvPeak, "0.0")}</td>
            <td>{Progression(s.Progression)}</td><td class="warn">{string.Join("; ", s.Warnings)}</td></tr>
            """);
    }

    private static HtmlString Progression(Progression? p)
    {
        if (p is null)
        {
            return HtmlBuilder.Of(h => h.Add($"<span class=\"status unknown\">Unknown</span>"));
        }

        var status = p.Status.ToString();
        return HtmlBuilder.Of(h =>
        {
            h.Add($"<span class=\"status {status.ToLowerInvariant()}\">{status}</span>");
            if (p.Reason is not null)
            {
                h.Add($" <span class=\"reason\">{p.Reason}</span>");
            }

            var numbers = new List<string>();
            if (p.BaselineLongestDiameterMm is { } ld)
            {
                numbers.Add($"baseline Ø {F(ld, "0.0")} mm");
            }

            if (p.BaselineShortAxisMm is { } sa)
            {
                numbers.Add($"baseline short axis {F(sa, "0.0")} mm");
            }

            if (p.DiameterChangePercent is { } pct)
            {
                numbers.Add($"{F(pct, "+0.0;-0.0")} % ({F(p.DiameterChangeMm, "+0.0;-0.0")} mm)");
            }

            if (p.BaselineSuvPeak is { } peak)
            {
                numbers.Add($"baseline SUVpeak {F(peak, "0.0")}{(p.SuvPeakChangePercent is { } c ? $" ({F(c, "+0;-0")} %)" : "")}");
            }

            if (p.NewFdgAvidity == true)
            {
                numbers.Add("new FDG avidity");
            }

            if (p.Criterion is not null)
            {
                numbers.Add(p.Criterion);
            }

            if (numbers.Count > 0)
            {
                h.Add($"<br><span class=\"numbers\">{string.Join(" · ", numbers)}</span>");
            }
        });
    }
}
