using System.Net;
using System.Text.Json;
using ImagingPipeline.Contracts;
using ImagingPipeline.TestSupport.Servers;
using ImagingPipeline.Worker.Review;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Review;

/// <summary>
/// The sign-off on a real RabbitMQ: SiteReviewCompleted goes out on its exchange, the eligibility
/// consumer (run inside the worker here with Review:HostEligibility=true; in production its own
/// process) answers on ImagingEligibilityAssessed's exchange, and the worker's queue
/// review-eligibility-answers brings the answer back onto the page.
/// </summary>
[Collection(ReviewCollection.Name)]
public sealed class ReviewRabbitMqTests(RabbitMqFixture rabbit) : IClassFixture<RabbitMqFixture>
{
    [Fact]
    public async Task A_sign_off_is_published_on_rabbitmq_and_the_eligibility_answer_comes_back_to_the_page()
    {
        var ct = TestContext.Current.CancellationToken;
        var broker = rabbit.Require();
        await using var probe = await AmqpProbe.BindAsync(broker.AmqpUri, ct, nameof(SiteReviewCompleted), nameof(ImagingEligibilityAssessed));
        await using var world = await ReviewWorld.StartAsync(ct, new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = broker.AmqpUri.ToString(),
            ["Review:HostEligibility"] = "true",
        });
        using var rt = await world.SignedInAsync(ReviewWorld.Radiotherapist, ct);
        var a = world.Current;
        var page = ReviewRoutes.Version(a.StudyInstanceUid, a.Version);
        for (var i = 0; i < a.Sites.Count; i++)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__af"] = ReviewWorld.FormToken(await rt.GetStringAsync(page, ct)),
                ["progressive"] = "yes",
                ["sbrtSuitable"] = "yes",
                ["reason"] = "single field",
            });
            Assert.Equal(HttpStatusCode.Redirect, (await rt.PostAsync(ReviewRoutes.Decision(a.StudyInstanceUid, a.Version, i), form, ct)).StatusCode);
        }

        using (var signOff = new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = ReviewWorld.FormToken(await rt.GetStringAsync(page, ct)) }))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await rt.PostAsync(ReviewRoutes.SignOff(a.StudyInstanceUid, a.Version), signOff, ct)).StatusCode);
        }

        var received = new List<AmqpMessage>();
        Assert.True(await probe.CollectUntilAsync(received, r => r.Any(m => m.Type == nameof(SiteReviewCompleted))
            && r.Any(m => m.Type == nameof(ImagingEligibilityAssessed) && m.Message.GetProperty("reviewVersion").ValueKind == JsonValueKind.Number),
            TimeSpan.FromSeconds(90), ct), "SiteReviewCompleted and the answer to it on RabbitMQ");
        // Delivery is at least once: a publish whose confirm came late is sent again with the same MessageId.
        var reviews = received.Where(m => m.Type == nameof(SiteReviewCompleted)).ToList();
        Assert.Single(reviews.Select(m => m.MessageId).Distinct());
        var review = reviews[0];
        Assert.Equal(ReviewWorld.Radiotherapist, review.Message.GetProperty("reviewedBy").GetString());
        Assert.Equal(a.Sites.Count, review.Message.GetProperty("decisions").GetArrayLength());
        var answer = received.Last(m => m.Type == nameof(ImagingEligibilityAssessed) && m.Message.GetProperty("reviewVersion").ValueKind == JsonValueKind.Number);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        string html;
        while (!(html = await rt.GetStringAsync(page, ct)).Contains("data-awaiting=\"false\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, ct);
        }

        Assert.Contains($"id=\"imaging-criteria\">{answer.Message.GetProperty("imagingCriteria").GetString()}</strong>", html, StringComparison.Ordinal);
        Assert.Contains($"Answer {answer.Message.GetProperty("version").GetInt32()} for assessment v{a.Version}, review 1", html, StringComparison.Ordinal);
    }
}
