using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Auth;

/// <summary>
/// OpenID Connect (authorization code flow with PKCE) when <c>Auth:Oidc:Authority</c> is set: the
/// login page offers "Sign in with …" (<c>GET /login/oidc</c>), the provider returns to the callback
/// path, and the session is the same cookie as for local accounts, with the role mapped from the
/// provider's role claim.
/// </summary>
internal static class OidcSetup
{
    public const string SchemeName = "oidc";
    public const string ChallengePath = "/login/oidc";

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{AuthOptions.Section}:Oidc:Authority"]);

    public static AuthenticationBuilder AddOidcWhenConfigured(this AuthenticationBuilder builder, IConfiguration configuration)
    {
        if (!IsConfigured(configuration))
        {
            return builder;
        }

        builder.AddOpenIdConnect(SchemeName, _ => { });
        builder.Services.AddOptions<OpenIdConnectOptions>(SchemeName).Configure<IOptions<AuthOptions>>((o, auth) => Configure(o, auth.Value.Oidc));
        return builder;
    }

    private static void Configure(OpenIdConnectOptions o, OidcOptions oidc)
    {
        o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        o.Authority = oidc.Authority;
        o.ClientId = oidc.ClientId;
        o.ClientSecret = oidc.ClientSecret;
        o.CallbackPath = oidc.CallbackPath;
        o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
        o.ResponseType = "code";
        o.UsePkce = true;
        o.SaveTokens = false;
        o.MapInboundClaims = false;
        o.Scope.Clear();
        foreach (var scope in oidc.Scopes)
        {
            o.Scope.Add(scope);
        }

        o.Events = new OpenIdConnectEvents
        {
            OnTokenValidated = context =>
            {
                var principal = context.Principal!;
                var roles = principal.FindAll(oidc.RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
                var role = roles.Contains(oidc.AdminRole) ? Roles.Admin : roles.Contains(oidc.RadiotherapistRole) ? Roles.Radiotherapist : null;
                if (role is null)
                {
                    context.Fail($"The account has neither the '{oidc.RadiotherapistRole}' nor the '{oidc.AdminRole}' role in claim '{oidc.RoleClaim}'.");
                    return Task.CompletedTask;
                }

                var name = principal.FindFirstValue(oidc.NameClaim) ?? principal.FindFirstValue("sub") ?? "oidc-user";
                context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
                    [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], CookieAuthenticationDefaults.AuthenticationScheme));
                return Task.CompletedTask;
            },
            OnRemoteFailure = context =>
            {
                context.HandleResponse();
                context.Response.Redirect(LoginEndpoints.LoginPath + "?error=oidc");
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>GET /login/oidc?returnUrl=… starts the provider's sign-in.</summary>
    public static IEndpointRouteBuilder MapOidcChallenge(this IEndpointRouteBuilder app)
    {
        app.MapGet(ChallengePath, (HttpContext context, string? returnUrl, IOptions<AuthOptions> auth) => auth.Value.Oidc.Enabled
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = LoginEndpoints.IsLocalUrl(returnUrl) ? returnUrl : "/review" }, [SchemeName])
            : Results.NotFound());
        return app;
    }
}
