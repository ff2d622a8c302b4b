using System.Net;
using System.Security.Claims;
using ImagingPipeline.Worker.Audit;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Auth;

/// <summary>GET/POST /login (form with antiforgery token), POST /logout.</summary>
internal static class LoginEndpoints
{
    public const string LoginPath = "/login";
    public const string LogoutPath = "/logout";

    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder app)
    {
        app.MapGet(LoginPath, (HttpContext context, IAntiforgery antiforgery, IOptions<AuthOptions> auth, string? returnUrl, string? error) =>
            Page(context, antiforgery, auth.Value.Oidc, returnUrl,
                error == "oidc" ? "Single sign-on did not succeed (or the account has no review role)." : null, StatusCodes.Status200OK));
        app.MapPost(LoginPath, PostLoginAsync);
        app.MapPost(LogoutPath, PostLogoutAsync);
        return app;
    }

    private static async Task<IResult> PostLoginAsync(HttpContext context, IAntiforgery antiforgery, UserStore users, IOptions<AuthOptions> auth,
        SyslogAuditSender audit, ILogger<UserStore> logger)
    {
        if (!await IsValidFormAsync(context, antiforgery, logger))
        {
            return Results.BadRequest("The form expired or did not come from this site; reload the page.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var name = form["username"].ToString();
        var password = form["password"].ToString();
        var returnUrl = form["returnUrl"].ToString();
        var account = name.Length == 0 || password.Length == 0 ? null : await users.VerifyAsync(name, password, context.RequestAborted);
        if (account is null)
        {
            AuthLog.SignInFailed(logger, name.Length, context.Connection.RemoteIpAddress?.ToString() ?? "local");
            audit.UserAuthenticated(name, login: true, succeeded: false, context.Connection.RemoteIpAddress?.ToString());
            return Page(context, antiforgery, auth.Value.Oidc, returnUrl, "Unknown user or wrong password.", StatusCodes.Status401Unauthorized);
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, account.Name), new Claim(ClaimTypes.Role, account.Role)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        AuthLog.SignedIn(logger, account.Name);
        audit.UserAuthenticated(account.Name, login: true, succeeded: true, context.Connection.RemoteIpAddress?.ToString());
        return Results.LocalRedirect(IsLocalUrl(returnUrl) ? returnUrl : "/review");
    }

    private static async Task<IResult> PostLogoutAsync(HttpContext context, IAntiforgery antiforgery, SyslogAuditSender audit, ILogger<UserStore> logger)
    {
        if (!await IsValidFormAsync(context, antiforgery, logger))
        {
            return Results.BadRequest("The form expired or did not come from this site; reload the page.");
        }

        if (context.User.Identity is { IsAuthenticated: true, Name: { } user })
        {
            audit.UserAuthenticated(user, login: false, succeeded: true, context.Connection.RemoteIpAddress?.ToString());
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.LocalRedirect(LoginPath);
    }

    /// <summary>Validates the antiforgery token of a posted form (every form on these pages carries one).</summary>
    public static async Task<bool> IsValidFormAsync(HttpContext context, IAntiforgery antiforgery, ILogger logger)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            AuthLog.AntiforgeryRejected(logger, context.Request.Path);
            return false;
        }
    }

    /// <summary>Only paths on this site: "/x" but not "//host" or "/\host".</summary>
    public static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    private static IResult Page(HttpContext context, IAntiforgery antiforgery, OidcOptions oidc, string? returnUrl, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var e = (string? s) => WebUtility.HtmlEncode(s ?? "");
        var errorHtml = error is null ? "" : $"<p class=\"error\" role=\"alert\">{e(error)}</p>";
        var target = IsLocalUrl(returnUrl) ? returnUrl! : "/review";
        var oidcHtml = oidc.Enabled
            ? $"<p class=\"sso\"><a id=\"sso\" href=\"{OidcSetup.ChallengePath}?returnUrl={e(Uri.EscapeDataString(target))}\">Sign in with {e(oidc.DisplayName)}</a></p>"
            : "";
        var html = $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign in - ImagingPipeline</title><link rel="stylesheet" href="/review/assets/review.css"></head>
            <body><header class="bar"><span class="brand">ImagingPipeline · Review</span></header><main class="login">
            <h1>Sign in</h1>
            {errorHtml}
            <form method="post" action="{LoginPath}">
            <input type="hidden" name="{e(tokens.FormFieldName)}" value="{e(tokens.RequestToken)}">
            <input type="hidden" name="returnUrl" value="{e(IsLocalUrl(returnUrl) ? returnUrl : "/review")}">
            <label>User <input id="username" name="username" autocomplete="username" required></label>
            <label>Password <input id="password" name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit" id="signin">Sign in</button>
            </form>
            {oidcHtml}
            </main></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
