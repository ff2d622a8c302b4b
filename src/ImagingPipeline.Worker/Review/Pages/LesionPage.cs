using ImagingPipeline.Contracts;
using ImagingPipeline.Worker.Review.Html;
using ImagingPipeline.Worker.Review.Pictures;

namespace ImagingPipeline.Worker.Review.Pages;

/// <summary>One lesion's pictures at a slice offset from its centroid, with links to step through the slices (works without script).</summary>
internal static class LesionPage
{
    /// <summary>The lesion page's pictures are drawn at this size, not scaled up.</summary>
    public const int LargeSize = 512;

    public static string Render(PageContext page, OligoProgressionAssessed a, int index, int offset, string? patientName)
    {
        ArgumentNullException.ThrowIfNull(a);
        var s = a.Sites[index];
        var html = new HtmlBuilder();
        html.Add($"""
            <p><a href="{ReviewRoutes.Version(a.StudyInstanceUid, a.Version)}#lesion-{index}">← {patientName ?? a.PatientId}, version {a.Version}</a></p>
            <h1>{s.RoiName} <span class="sub">{s.Organ ?? "—"}</span></h1>
            <p class="figures">Ø {TimepointPage.F(s.LongestDiameterMm, "0.0")} mm · short axis {TimepointPage.F(s.ShortAxisMm, "0.0")} mm · {TimepointPage.F(s.VolumeCc, "0.0")} cm³ · SUVmax {TimepointPage.F(s.SuvMax, "0.0")} · SUVpeak {TimepointPage.F(s.SuvPeak, "0.0")}</p>
            <p class="steps"><a href="{ReviewRoutes.Lesion(a.StudyInstanceUid, a.Version, index, offset - 1)}" id="previous-slice">◀ previous slice</a>
             · slice {(offset == 0 ? "through the centroid" : $"{offset:+0;-0} from the centroid")} ·
             <a href="{ReviewRoutes.Lesion(a.StudyInstanceUid, a.Version, index, offset + 1)}" id="next-slice">next slice ▶</a></p>
            <div class="picture-row large">
            <img src="{ReviewRoutes.Picture(a.StudyInstanceUid, a.Version, index, PictureKind.Ct, offset, LargeSize)}" class="picture ct" width="512" height="512" alt="CT slice with the contour of {s.RoiName}">
            <img src="{ReviewRoutes.Picture(a.StudyInstanceUid, a.Version, index, PictureKind.Pet, offset, LargeSize)}" class="picture pet" width="512" height="512" alt="PET fused over the CT with the contour of {s.RoiName}">
            </div>
            """);
        return Layout.Page(page, s.RoiName, html.ToHtml());
    }
}
