using Hangfire;
using ImagingPipeline.Consumers.Eligibility;
using ImagingPipeline.Consumers.Storage;
using ImagingPipeline.Worker.Auth;
using ImagingPipeline.Worker.Configuration;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Review.Eligibility;
using ImagingPipeline.Worker.Review.Pictures;
using MassTransit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Review;

/// <summary>The review page and its access control, wired into the worker in one call each.</summary>
internal static class ReviewServiceCollectionExtensions
{
    private const string SelectScheme = "CookieOrApiKey";

    public static IServiceCollection AddReview(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .Validate(o => o.SessionTimeout > TimeSpan.Zero, "Auth:SessionTimeout must be positive.")
            .Validate(o => { _ = ApiKeyHashes.Parse(o.ApiKeys); return true; }, "Auth:ApiKeys holds SHA-256 hashes.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>>(new OidcValidation());
        services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.Section)
            .Validate(o => o.PictureSize is >= 128 and <= 1024, "Review:PictureSize must be 128-1024 pixels.")
            .Validate(o => o.PetSuvScaleMax is > 0 and <= 100, "Review:PetSuvScaleMax must be above 0 and at most 100.")
            .Validate(o => o.ListLimit is >= 1 and <= 5000, "Review:ListLimit must be 1-5000.")
            .ValidateOnStart();
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton<UserStore>();
        services.AddHostedService<AccessAnnouncer>();
        services.AddKeyRing();
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
                o.Cookie.SameSite = SameSiteMode.Lax; // Lax: the OpenID Connect provider redirects back with a top-level GET
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.LoginPath = LoginEndpoints.LoginPath;
                o.LogoutPath = LoginEndpoints.LogoutPath;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddOidcWhenConfigured(configuration);
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((cookie, auth) => cookie.ExpireTimeSpan = auth.Value.SessionTimeout);
        services.AddAuthorization();

        services.AddSingleton<ImagingIndex>();
        services.AddSingleton<ImagingSources>();
        services.AddSingleton<PictureCache>();
        services.AddSingleton<LesionPictures>();
        services.AddSingleton<PatientNames>();
        services.AddSingleton<TimepointPageData>();
        services.AddSingleton<EligibilityAnswers>();
        services.AddSingleton<IIndexTables, EligibilityAnswerSchema>();
        if (HostsEligibility(configuration))
        {
            // Registered before the bus so its tables exist when the first message arrives.
            services.AddSingleton(sp => new ConsumerStore(
                "Data Source=" + Path.Combine(sp.GetRequiredService<IOptions<StorageOptions>>().Value.FullRoot, "consumers.db"), postgres: false));
            services.AddHostedService<HostedEligibilitySchema>();
        }

        return services;
    }

    /// <summary>
    /// Whether the worker runs the reference eligibility consumer itself: <c>Review:HostEligibility</c>,
    /// by default only on the in-memory bus (no <c>ConnectionStrings:RabbitMq</c>).
    /// </summary>
    public static bool HostsEligibility(IConfiguration configuration) =>
        configuration.GetValue<bool?>($"{ReviewOptions.Section}:{nameof(ReviewOptions.HostEligibility)}")
        ?? string.IsNullOrWhiteSpace(configuration.GetConnectionString("RabbitMq"));

    /// <summary>The review's consumers on the worker's bus: the eligibility answers always, the eligibility consumer itself when hosted here.</summary>
    public static Action<IBusRegistrationConfigurator> Consumers(IConfiguration configuration) => x =>
    {
        x.AddConsumer<EligibilityAnswerConsumer, EligibilityAnswerConsumerDefinition>();
        if (HostsEligibility(configuration))
        {
            x.AddConsumer<EligibilityConsumer, EligibilityConsumerDefinition>();
        }
    };

    /// <summary>Security headers, authentication, the sign-in rule, the login page, the review pages and the Hangfire dashboard; call before mapping other endpoints.</summary>
    public static WebApplication UseReview(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseAuthentication();
        app.UseSignInWhenRequired();
        app.UseAuthorization();
        app.MapLogin();
        app.MapOidcChallenge();
        app.UseHangfireDashboard(HangfireDashboardAccess.Path, new DashboardOptions
        {
            Authorization = [new HangfireDashboardAccess()],
            IsReadOnlyFunc = HangfireDashboardAccess.IsReadOnly,
            DisplayStorageConnectionString = false,
            AppPath = ReviewRoutes.Root,
            DashboardTitle = "ImagingPipeline jobs",
        });
        app.MapReviewPages();
        return app;
    }

    private sealed class OidcValidation : IValidateOptions<AuthOptions>
    {
        public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
            options.Oidc.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }

    private sealed class HostedEligibilitySchema(ConsumerStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.EnsureSchemaAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
