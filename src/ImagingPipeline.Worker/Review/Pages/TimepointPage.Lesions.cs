using ImagingPipeline.Contracts;
using ImagingPipeline.Extraction;
using ImagingPipeline.Extraction.Sites;
using ImagingPipeline.Worker.Review.Html;
using ImagingPipeline.Worker.Review.Pictures;

namespace ImagingPipeline.Worker.Review.Pages;

/// <summary>Per lesion: its pictures now and at the prior timepoint, and the reviewer's decision form.</summary>
internal static partial class TimepointPage
{
    private static void Lesions(HtmlBuilder html, PageContext page, TimepointPageModel model)
    {
        var a = model.Assessment;
        var regions = NodalRegionMap.Defaults.Values.Concat(a.Sites.Select(s => s.NodalRegion).OfType<string>())
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        html.Add($"<section class=\"lesion-cards\"><h2>Pictures and decisions</h2><datalist id=\"regions\">");
        foreach (var r in regions)
        {
            html.Add($"<option value=\"{r}\">");
        }

        html.Add($"</datalist>");
        for (var i = 0; i < a.Sites.Count; i++)
        {
            LesionCard(html, page, model, a.Sites[i], i);
        }

        html.Add($"</section>");
    }

    private static void LesionCard(HtmlBuilder html, PageContext page, TimepointPageModel model, SiteRecord s, int index)
    {
        var a = model.Assessment;
        html.Add($"""
            <article class="lesion" id="lesion-{index}" data-site-id="{s.SiteId}">
            <h3>{s.RoiName} <span class="sub">{s.Organ ?? "—"}{(s.Laterality is { } l ? " " + l : "")}{(s.IsIntracranial ? " · intracranial" : "")}</span></h3>
            <p class="figures">Ø {F(s.LongestDiameterMm, "0.0")} mm · short axis {F(s.ShortAxisMm, "0.0")} mm · {F(s.VolumeCc, "0.0")} cm³ · SUVmax {F(s.SuvMax, "0.0")} · SUVpeak {F(s.SuvPeak, "0.0")} · {Progression(s.Progression)}</p>
            <div class="picture-row">
            """);
        Pictures(html, "Now", a.StudyInstanceUid, a.Version, index, s, ReviewRoutes.Lesion(a.StudyInstanceUid, a.Version, index));
        if (model.PriorOf(s) is { } prior && model.Baseline is { } baseline)
        {
            var date = baseline.StudiesUsed.FirstOrDefault(x => x.StudyInstanceUid == baseline.StudyInstanceUid)?.StudyDate;
            Pictures(html, $"Prior {Day(date)} ({prior.Site.RoiName}, Ø {F(prior.Site.LongestDiameterMm, "0.0")} mm, SUVpeak {F(prior.Site.SuvPeak, "0.0")})",
                baseline.StudyInstanceUid, baseline.Version, prior.Index, prior.Site, ReviewRoutes.Lesion(baseline.StudyInstanceUid, baseline.Version, prior.Index));
        }
        else if (s.Progression?.Status == ProgressionStatus.New)
        {
            html.Add($"<p class=\"prior-none\">New lesion: no match at the prior timepoint.</p>");
        }

        html.Add($"</div>");
        DecisionForm(html, page, model, s, index);
        html.Add($"</article>");
    }

    private static void Pictures(HtmlBuilder html, string caption, string anchor, int version, int index, SiteRecord s, string lesionPage)
    {
        var fov = PictureFrame.FieldOfViewMm(s.LongestDiameterMm);
        html.Add($"""
            <figure class="pictures" data-offset="0">
            <figcaption>{caption}</figcaption>
            <img src="{ReviewRoutes.Picture(anchor, version, index, PictureKind.Ct)}" data-base="{ReviewRoutes.Picture(anchor, version, index, PictureKind.Ct)}" class="picture ct" width="256" height="256" data-fov-mm="{fov}" alt="CT slice through {s.RoiName} with its contour">
            <img src="{ReviewRoutes.Picture(anchor, version, index, PictureKind.Pet)}" data-base="{ReviewRoutes.Picture(anchor, version, index, PictureKind.Pet)}" class="picture pet" width="256" height="256" data-fov-mm="{fov}" alt="PET fused over the CT through {s.RoiName}">
            <div class="steps"><a class="step" data-step="-1" href="{lesionPage}?offset=-1">◀ previous slice</a> <a class="step" data-step="0" href="{lesionPage}">centroid</a> <a class="step" data-step="1" href="{lesionPage}?offset=1">next slice ▶</a></div>
            </figure>
            """);
    }
}
