using System.Net;
using System.Text.RegularExpressions;
using ImagingPipeline.Contracts;
using ImagingPipeline.Phantoms;
using ImagingPipeline.Phantoms.Specs;
using ImagingPipeline.Phantoms.Truth;
using ImagingPipeline.Worker.Auth;
using ImagingPipeline.Worker.Tests.Host;
using ImagingPipeline.Worker.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Review;

/// <summary>
/// The worker on Kestrel at 127.0.0.1 (a free port), embedded default (SQLite, in-memory bus with
/// the eligibility consumer hosted), sign-in forced, one radiotherapist and one admin account and
/// an API key, with the sample patient stored, extracted and published by the worker (its name
/// carries a script tag).
/// </summary>
internal sealed partial class ReviewWorld : IAsyncDisposable
{
    public const string ApiKey = "review-test-key-0123456789";
    public const string Radiotherapist = "rt.jones";
    public const string Admin = "admin.smith";
    public const string Password = "correct horse battery";
    public const string HostilePatientName = "O'BRIEN<script>window.__xss++</script>^OLIGO";

    private readonly TempDirectory _root = new();
    private readonly TempDirectory _scratch = new();

    private ReviewWorld(IReadOnlyDictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Storage:Root"] = _root.Path,
            ["Storage:MinimumFreeSpace"] = "0",
            ["Dicom:Port"] = "0",
            ["Studies:QuietPeriod"] = "00:00:05",
            ["Studies:GracePeriod"] = "00:00:01",
            ["Studies:SweepInterval"] = "00:00:01",
            ["Auth:RequireSignIn"] = "true",
            ["Auth:ApiKeys:0"] = ApiKeyHashes.Hash(ApiKey),
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Outbox:PublishTimeout"] = "00:00:20", // above a loaded machine's confirm latency (a late confirm means a resend)
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        Factory = new WorkerFactory(settings);
    }

    public WorkerFactory Factory { get; }

    public IServiceProvider Services => Factory.Services;

    public string StoreRoot => _root.Path;

    public Uri BaseAddress { get; private set; } = null!;

    public PhantomTruth Truth { get; private set; } = null!;

    public IReadOnlyList<OligoProgressionAssessed> Assessments { get; private set; } = [];

    /// <summary>The latest timepoint (the planning CT with the follow-up PET through the registration).</summary>
    public OligoProgressionAssessed Current => Assessments[^1];

    /// <summary>Starts the worker on Kestrel, adds the accounts and seeds the sample patient (or <paramref name="patients"/>, one after the other).</summary>
    public static async Task<ReviewWorld> StartAsync(CancellationToken ct, IReadOnlyDictionary<string, string?>? extra = null,
        IReadOnlyList<PatientSpec>? patients = null)
    {
        var world = new ReviewWorld(extra);
        world.Factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        world.Factory.StartServer();
        var address = world.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        world.BaseAddress = new Uri(address);
        var users = world.Services.GetRequiredService<UserStore>();
        await users.AddOrReplaceAsync(Radiotherapist, Roles.Radiotherapist, Password, ct);
        await users.AddOrReplaceAsync(Admin, Roles.Admin, Password, ct);
        foreach (var patient in patients ?? [SamplePatient.Create() with { PatientName = HostilePatientName }])
        {
            (world.Truth, world.Assessments) = await PhantomSeeder.SeedAsync(world.Services, patient, world._scratch.Path, TimeSpan.FromMinutes(3), ct);
        }

        return world;
    }

    /// <summary>A client of the real server that keeps cookies and does not follow redirects.</summary>
    public HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = BaseAddress,
    };

    /// <summary>A client signed in as <paramref name="user"/> through the login form.</summary>
    public async Task<HttpClient> SignedInAsync(string user, CancellationToken ct)
    {
        var client = Client();
        var form = await client.GetStringAsync("/login", ct);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = FormToken(form),
            ["returnUrl"] = "/review",
            ["username"] = user,
            ["password"] = Password,
        });
        var response = await client.PostAsync("/login", content, ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static string FormToken(string html)
    {
        var match = TokenField().Match(html);
        Assert.True(match.Success, "the page carries an antiforgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        _root.Dispose();
        _scratch.Dispose();
    }
}
