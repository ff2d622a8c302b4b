using ImagingPipeline.Worker.Auth;
using ImagingPipeline.Worker.Review.Html;

namespace ImagingPipeline.Worker.Review.Pages;

/// <summary>The frame of every review page: header with the user and sign-out, the content, the decision-support note.</summary>
internal static class Layout
{
    public static string Page(PageContext page, string title, HtmlString content)
    {
        ArgumentNullException.ThrowIfNull(page);
        var html = new HtmlBuilder();
        html.Add($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · ImagingPipeline review</title>
            <link rel="stylesheet" href="{ReviewRoutes.Assets}/review.css"><script src="{ReviewRoutes.Assets}/review.js" defer></script>
            </head><body>
            <header class="bar"><a class="brand" href="{ReviewRoutes.Root}">ImagingPipeline · Review</a>
            <nav><a href="{ReviewRoutes.Root}">Awaiting review</a> <a href="{ReviewRoutes.Root}?all=true">All timepoints</a>
            """);
        if (page.IsAdmin)
        {
            html.Add($" <a href=\"/hangfire\">Jobs</a>");
        }

        html.Add($"</nav><span class=\"user\">");
        if (page.SignedIn)
        {
            html.Add($"""
                {page.UserName}<form method="post" action="{LoginEndpoints.LogoutPath}" class="inline">{Antiforgery(page)}<button type="submit" id="signout">Sign out</button></form>
                """);
        }
        else
        {
            html.Add($"not signed in (local access) <a href=\"{LoginEndpoints.LoginPath}\">Sign in</a>");
        }

        html.Add($"""
            </span></header>
            <main>{content}</main>
            <footer>Decision support: the worker counts and measures; radiotherapists decide. Not an enrolment decision.</footer>
            </body></html>
            """);
        return html.ToString();
    }

    public static HtmlString Antiforgery(PageContext page) =>
        HtmlBuilder.Of(h => h.Add($"<input type=\"hidden\" name=\"{page.FormFieldName}\" value=\"{page.FormToken}\">"));

    /// <summary>A page that only says what went wrong.</summary>
    public static string Problem(PageContext page, string title, string message) =>
        Page(page, title, HtmlBuilder.Of(h => h.Add($"<h1>{title}</h1><p class=\"problem\" role=\"alert\">{message}</p><p><a href=\"{ReviewRoutes.Root}\">Back to the worklist</a></p>")));
}
