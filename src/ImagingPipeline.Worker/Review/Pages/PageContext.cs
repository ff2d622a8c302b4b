using System.Security.Claims;
using ImagingPipeline.Worker.Auth;
using Microsoft.AspNetCore.Antiforgery;

namespace ImagingPipeline.Worker.Review.Pages;

/// <summary>Who is looking (or "local" on loopback without sign-in), what they may do, and the antiforgery token for the page's forms.</summary>
internal sealed record PageContext(string UserName, bool SignedIn, bool CanReview, bool IsAdmin, string FormFieldName, string FormToken)
{
    /// <summary>The name decisions are recorded under when nobody signed in (loopback access without sign-in).</summary>
    public const string LocalUser = "local";

    public static PageContext For(HttpContext context, IAntiforgery antiforgery)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(antiforgery);
        var user = context.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        var tokens = antiforgery.GetAndStoreTokens(context);
        // Anonymous requests reach a page only where the access policy lets loopback in without sign-in.
        var isAdmin = !signedIn || user.IsInRole(Roles.Admin);
        var canReview = !signedIn || user.IsInRole(Roles.Radiotherapist) || user.IsInRole(Roles.Admin);
        return new PageContext(signedIn ? user.FindFirstValue(ClaimTypes.Name) ?? "?" : LocalUser, signedIn, canReview, isAdmin,
            tokens.FormFieldName, tokens.RequestToken ?? "")
        {
            Role = signedIn ? user.FindFirstValue(ClaimTypes.Role) : LocalUser,
        };
    }

    /// <summary>The signed-in user's role (recorded with review decisions), or "local" without sign-in.</summary>
    public string? Role { get; init; }
}
