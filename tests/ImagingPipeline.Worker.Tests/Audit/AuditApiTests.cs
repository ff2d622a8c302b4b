using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImagingPipeline.Contracts;
using ImagingPipeline.Worker.Assessments;
using ImagingPipeline.Worker.Auth;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Studies;
using ImagingPipeline.Worker.Tests.Assessments;
using ImagingPipeline.Worker.Tests.Host;
using ImagingPipeline.Worker.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Audit;

/// <summary>The audit API with sign-in forced: admins read it, radiotherapists and API clients get 403, anonymous callers 401.</summary>
[Collection(HostCollection.Name)]
public sealed partial class AuditApiTests
{
    private const string ApiKey = "audit-test-key-0123456789";
    private const string Password = "correct horse battery";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AuditWorld SignInWorld() => new(extra: new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Auth:RequireSignIn"] = "true",
        ["Auth:ApiKeys:0"] = ApiKeyHashes.Hash(ApiKey),
    });

    [Fact]
    public async Task Only_admins_read_the_audit_and_review_decisions_appear_after_a_sign_off()
    {
        await using var world = SignInWorld();
        var services = world.Factory.Services;
        var users = services.GetRequiredService<UserStore>();
        await users.AddOrReplaceAsync("rt.audit", Roles.Radiotherapist, Password, Ct);
        await users.AddOrReplaceAsync("admin.audit", Roles.Admin, Password, Ct);
        string[] paths = ["/api/audit/associations", "/api/audit/review-decisions"];

        using var anonymous = Client(world);
        foreach (var path in paths)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path, Ct)).StatusCode);
            using var keyed = new HttpRequestMessage(HttpMethod.Get, path);
            keyed.Headers.Authorization = new("Bearer", ApiKey);
            Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.SendAsync(keyed, Ct)).StatusCode);
        }

        using var radiotherapist = await SignedInAsync(world, "rt.audit");
        foreach (var path in paths)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await radiotherapist.GetAsync(path, Ct)).StatusCode);
        }

        using var admin = await SignedInAsync(world, "admin.audit");
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>(paths[1], Ct)).EnumerateArray());

        // A reviewable assessment, a decision and a sign-off through the worker's own repositories.
        var study = await SeedAssessmentAsync(services, "PAT-API");
        var reviews = services.GetRequiredService<ReviewRepository>();
        var assessment = (await services.GetRequiredService<AssessmentRepository>().GetAsync(study, 1, Ct))!;
        await reviews.RecordDecisionAsync(study, 1, new SiteDecision
        {
            SiteId = assessment.Sites[0].SiteId, Progressive = true, SbrtSuitable = true, Reason = "peripheral",
        }, "rt.audit", Roles.Radiotherapist, Ct);
        await reviews.SignOffAsync(study, 1, "admin.audit", Roles.Admin, Ct);

        var entries = await AuditWorld.WaitForAsync(admin, paths[1] + "?patientId=PAT-API", 2, Ct);
        Assert.Equal(["sign-off", "decision"], entries.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(["admin.audit", "rt.audit"], entries.Select(e => e.GetProperty("user").GetString()));
        Assert.Equal([Roles.Admin, Roles.Radiotherapist], entries.Select(e => e.GetProperty("role").GetString()));
        Assert.All(entries, e => Assert.Equal(study, e.GetProperty("studyInstanceUid").GetString()));
        Assert.All(entries, e => Assert.Equal(1, e.GetProperty("assessmentVersion").GetInt32()));
        Assert.Equal("peripheral", entries[1].GetProperty("comment").GetString());
        Assert.Equal(assessment.Sites[0].SiteId, entries[1].GetProperty("siteId").GetString());
        Assert.Equal(1, entries[0].GetProperty("reviewVersion").GetInt32());
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>(paths[1] + "?patientId=SOMEONE-ELSE", Ct)).EnumerateArray());

        // The DICOM side: an echo leaves a released row the admin can read.
        Assert.Equal(0, await AuditWorld.Client(world.Port, "APISCU").EchoAsync(Ct));
        var rows = await AuditWorld.WaitForAsync(admin, paths[0] + "?callingAe=APISCU", 1, Ct);
        Assert.Equal("released", Assert.Single(rows).GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await radiotherapist.GetAsync(paths[0], Ct)).StatusCode);
    }

    [Theory]
    [InlineData("Audit:Syslog:Protocol", "tls")]
    [InlineData("Audit:Syslog:Port", "70000")]
    [InlineData("Audit:Syslog:Port", "0")]
    [InlineData("Audit:Syslog:Host", "two words")]
    public async Task Bad_syslog_settings_stop_start_up_naming_the_key(string key, string value)
    {
        var error = await StartupFailure.ValidationErrorAsync(async () =>
        {
            await using var world = new AuditWorld(extra: new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["Audit:Syslog:Host"] = "127.0.0.1",
                [key] = value,
            });
            return Record.Exception(() => world.Factory.CreateClient());
        });
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A study with one instance, claimed, and assessment version 1 with three sites for <paramref name="patientId"/>.</summary>
    private static async Task<string> SeedAssessmentAsync(IServiceProvider services, string patientId)
    {
        var index = services.GetRequiredService<StudyIndex>();
        var study = Instances.NewUid();
        await index.RecordInstanceAsync(Instances.Header(study, Instances.NewUid(), Instances.NewUid()) with { PatientId = patientId },
            "x.dcm", 10, "00", "SCU", Ct);
        var (_, last) = Assert.Single(await index.ReceivingQuietSinceAsync(long.MaxValue, Ct), s => s.StudyUid == study);
        Assert.NotNull(await index.TryCloseAsync(study, last, "test", Ct));
        Assert.Equal(1, await index.TryClaimAsync(study, Ct));
        var assessment = AssessmentScenarios.Assessment(study, 1, null, 3) with { PatientId = patientId };
        var assessments = services.GetRequiredService<AssessmentRepository>();
        await services.GetRequiredService<IndexDatabase>().InTransactionAsync(async (c, t) =>
        {
            await assessments.LockTimepointAsync(c, t, study, Ct);
            await assessments.SaveAsync(c, t, assessment, "20260105", "h", new StudyProcessingContext(study, 1), Ct);
            return 0;
        }, Ct);
        return study;
    }

    private static HttpClient Client(AuditWorld world) =>
        world.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpClient> SignedInAsync(AuditWorld world, string user)
    {
        var client = Client(world);
        var form = await client.GetStringAsync("/login", Ct);
        var token = TokenField().Match(form);
        Assert.True(token.Success, "the login form carries an antiforgery token");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["returnUrl"] = "/review",
            ["username"] = user,
            ["password"] = Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/login", content, Ct)).StatusCode);
        return client;
    }

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
