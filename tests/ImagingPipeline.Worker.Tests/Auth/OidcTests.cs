using System.Net;
using ImagingPipeline.Worker.Tests.Host;
using ImagingPipeline.Worker.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Auth;

/// <summary>OpenID Connect: settings checked at start, and the login page's button sends the browser to the provider.</summary>
[Collection(HostCollection.Name)]
public sealed class OidcTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private WorkerFactory Factory(params (string Key, string Value)[] oidc)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Storage:Root"] = _root.Path,
            ["Storage:MinimumFreeSpace"] = "0",
            ["Dicom:Port"] = "0",
            ["Auth:RequireSignIn"] = "true",
        };
        foreach (var (key, value) in oidc)
        {
            settings["Auth:Oidc:" + key] = value;
        }

        return new WorkerFactory(settings);
    }

    [Theory]
    [InlineData("not a url", "review", "Auth:Oidc:Authority must be an absolute https URL")]
    [InlineData("http://idp.example", "review", "Auth:Oidc:Authority must use https")]
    [InlineData("https://idp.example", "", "Auth:Oidc:ClientId is required")]
    public async Task Bad_settings_stop_the_start_naming_the_key(string authority, string clientId, string message)
    {
        var error = await StartupFailure.ValidationErrorAsync(async () =>
        {
            await using var factory = Factory(("Authority", authority), ("ClientId", clientId));
            return Record.Exception(() => factory.CreateClient());
        });
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_challenge_redirects_to_the_providers_authorization_endpoint_with_pkce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var provider = await FakeProviderAsync(ct);
        var issuer = provider.Urls.First();
        await using var factory = Factory(("Authority", issuer), ("ClientId", "imagingpipeline-review"), ("RequireHttpsMetadata", "false"),
            ("DisplayName", "Hospital SSO"));
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var login = await client.GetStringAsync("/login?returnUrl=%2Freview", ct);
        Assert.Contains("Sign in with Hospital SSO", login, StringComparison.Ordinal);
        Assert.Contains("href=\"/login/oidc?returnUrl=%2Freview\"", login, StringComparison.Ordinal);

        var challenge = await client.GetAsync("/login/oidc?returnUrl=%2Freview", ct);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var location = challenge.Headers.Location!;
        Assert.Equal(issuer + "/authorize", location.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal("imagingpipeline-review", query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.EndsWith("/signin-oidc", query["redirect_uri"], StringComparison.Ordinal);
        Assert.Contains("openid", query["scope"], StringComparison.Ordinal);
    }

    /// <summary>An identity provider's discovery document on a free loopback port (enough for the challenge).</summary>
    private static async Task<WebApplication> FakeProviderAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", (HttpContext c) =>
        {
            var issuer = $"{c.Request.Scheme}://{c.Request.Host}";
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = issuer,
                ["authorization_endpoint"] = issuer + "/authorize",
                ["token_endpoint"] = issuer + "/token",
                ["jwks_uri"] = issuer + "/jwks",
                ["response_types_supported"] = new[] { "code" },
                ["subject_types_supported"] = new[] { "public" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        });
        app.MapGet("/jwks", () => Results.Json(new { keys = Array.Empty<object>() }));
        await app.StartAsync(ct);
        _ = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        return app;
    }
}
