using System.Net;
using System.Text.RegularExpressions;
using ImagingPipeline.Worker.Auth;
using ImagingPipeline.Worker.Tests.Host;
using ImagingPipeline.Worker.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Auth;

[Collection(HostCollection.Name)]
public sealed partial class AccessHostTests : IDisposable
{
    private const string ApiKey = "test-api-key-0123456789";
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private WorkerFactory Factory(bool requireSignIn) => new(new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Storage:Root"] = _root.Path,
        ["Storage:MinimumFreeSpace"] = "0",
        ["Dicom:Port"] = "0",
        ["Auth:RequireSignIn"] = requireSignIn ? "true" : "false",
        ["Auth:ApiKeys:0"] = ApiKeyHashes.Hash(ApiKey),
    });

    private static HttpClient Client(WorkerFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task Loopback_without_forced_sign_in_answers_local_requests()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = Factory(requireSignIn: false);
        using var client = Client(factory);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/studies", ct)).StatusCode);
    }

    [Fact]
    public async Task Forced_sign_in_rejects_anonymous_and_accepts_api_key_and_password()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = Factory(requireSignIn: true);
        await factory.Services.GetRequiredService<UserStore>().AddOrReplaceAsync("rt1", Roles.Radiotherapist, "s3cret pass", ct);
        using var client = Client(factory);

        var anonymous = await client.GetAsync("/api/studies", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("nosniff", anonymous.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("frame-ancestors 'none'", anonymous.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", anonymous.Headers.GetValues("Referrer-Policy").Single());

        var page = await client.GetAsync("/review?x=1", ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login?returnUrl=%2Freview%3Fx%3D1", page.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", ct)).StatusCode);

        using (var bad = new HttpRequestMessage(HttpMethod.Get, "/api/studies"))
        {
            bad.Headers.Authorization = new("Bearer", "wrong-key");
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(bad, ct)).StatusCode);
        }

        using (var good = new HttpRequestMessage(HttpMethod.Get, "/api/studies"))
        {
            good.Headers.Authorization = new("Bearer", ApiKey);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(good, ct)).StatusCode);
        }

        // A post without the antiforgery token is refused even with the right password.
        using var forged = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "rt1", ["password"] = "s3cret pass" });
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/login", forged, ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, "rt1", "wrong", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/studies", ct)).StatusCode);

        var signedIn = await SignInAsync(client, "rt1", "s3cret pass", ct);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/review", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/studies", ct)).StatusCode);
    }

    [Fact]
    public async Task Login_page_encodes_the_return_url_and_refuses_foreign_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = Factory(requireSignIn: true);
        using var client = Client(factory);
        var html = await client.GetStringAsync("/login?returnUrl=%2F%2Fevil.example", ct);
        Assert.DoesNotContain("evil.example", html, StringComparison.Ordinal);
        html = await client.GetStringAsync("/login?returnUrl=%2Freview%22%3E%3Cscript%3E", ct);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("/review&quot;&gt;&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accounts_are_stored_hashed_listed_and_removed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = Factory(requireSignIn: true);
        var users = factory.Services.GetRequiredService<UserStore>();
        Assert.True(await users.AddOrReplaceAsync("admin1", Roles.Admin, "pw-one-long", ct));
        Assert.False(await users.AddOrReplaceAsync("admin1", Roles.Radiotherapist, "pw-two-long", ct));
        var listed = Assert.Single(await users.ListAsync(ct));
        Assert.Equal(("admin1", Roles.Radiotherapist), (listed.Name, listed.Role));
        Assert.Null(await users.VerifyAsync("admin1", "pw-one-long", ct));
        Assert.NotNull(await users.VerifyAsync("admin1", "pw-two-long", ct));
        Assert.Null(await users.VerifyAsync("nobody", "pw-two-long", ct));
        await Assert.ThrowsAsync<ArgumentException>(() => users.AddOrReplaceAsync("bad name", Roles.Admin, "pw", ct));
        await Assert.ThrowsAsync<ArgumentException>(() => users.AddOrReplaceAsync("ok", "root", "pw", ct));
        Assert.True(await users.RemoveAsync("admin1", ct));
        Assert.False(await users.RemoveAsync("admin1", ct));
        Assert.Empty(await users.ListAsync(ct));
    }

    [Fact]
    public async Task A_session_survives_a_restart_and_is_accepted_by_a_second_worker_on_the_same_store()
    {
        var ct = TestContext.Current.CancellationToken;
        string session;
        await using (var first = Factory(requireSignIn: true))
        {
            await first.Services.GetRequiredService<UserStore>().AddOrReplaceAsync("rt1", Roles.Radiotherapist, "s3cret pass", ct);
            using var client = first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            var login = await client.GetAsync("/login", ct);
            var form = await login.Content.ReadAsStringAsync(ct);
            using var post = new HttpRequestMessage(HttpMethod.Post, "/login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__af"] = WebUtility.HtmlDecode(TokenField().Match(form).Groups[1].Value),
                    ["returnUrl"] = "/review",
                    ["username"] = "rt1",
                    ["password"] = "s3cret pass",
                }),
            };
            post.Headers.Add("Cookie", CookiePair(login, "ip.af"));
            var signedIn = await client.SendAsync(post, ct);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            session = CookiePair(signedIn, "ip.session");
            Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(client, session, ct)).StatusCode);

            // A second worker on the same store (a replica) takes the first one's cookie.
            await using var replica = Factory(requireSignIn: true);
            using var replicaClient = replica.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(replicaClient, session, ct)).StatusCode);
        }

        // The key ring is in the store, readable by the worker's user only; after a restart the session is still good.
        var folder = Path.Combine(_root.Path, ".keys");
        Assert.NotEmpty(Directory.GetFiles(folder, "key-*.xml"));
        var mode = OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(folder);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, mode);
        await using var restarted = Factory(requireSignIn: true);
        using var again = restarted.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(again, session, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithCookieAsync(again, "ip.session=forged", ct)).StatusCode);
    }

    private static string CookiePair(HttpResponseMessage response, string name) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(name + "=", StringComparison.Ordinal));

    private static async Task<HttpResponseMessage> GetWithCookieAsync(HttpClient client, string cookie, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/studies");
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request, ct);
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string user, string password, CancellationToken ct)
    {
        var form = await client.GetStringAsync("/login", ct);
        var token = TokenField().Match(form);
        Assert.True(token.Success, "login form carries an antiforgery token");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["returnUrl"] = "/review",
            ["username"] = user,
            ["password"] = password,
        });
        return await client.PostAsync("/login", content, ct);
    }

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
