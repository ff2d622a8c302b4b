using ImagingPipeline.Worker.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ImagingPipeline.Worker.Review;

/// <summary>The review page and its access control, wired into the worker in one call each.</summary>
internal static class ReviewServiceCollectionExtensions
{
    private const string SelectScheme = "CookieOrApiKey";

    public static IServiceCollection AddReview(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .Validate(o => o.SessionTimeout > TimeSpan.Zero, "Auth:SessionTimeout must be positive.")
            .Validate(o => { _ = ApiKeyHashes.Parse(o.ApiKeys); return true; }, "Auth:ApiKeys holds SHA-256 hashes.")
            .ValidateOnStart();
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton<UserStore>();
        services.AddHostedService<AccessAnnouncer>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "ip.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.FormFieldName = "__af";
        });
        services.AddAuthentication(SelectScheme)
            .AddPolicyScheme(SelectScheme, SelectScheme, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "ip.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.LoginPath = LoginEndpoints.LoginPath;
                o.LogoutPath = LoginEndpoints.LogoutPath;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<Microsoft.Extensions.Options.IOptions<AuthOptions>>((cookie, auth) => cookie.ExpireTimeSpan = auth.Value.SessionTimeout);
        services.AddAuthorization();
        return services;
    }

    /// <summary>Security headers, authentication, the sign-in rule and the login page; call before mapping other endpoints.</summary>
    public static WebApplication UseReview(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseAuthentication();
        app.UseSignInWhenRequired();
        app.UseAuthorization();
        app.MapLogin();
        return app;
    }
}
