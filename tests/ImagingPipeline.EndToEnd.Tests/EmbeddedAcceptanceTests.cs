using System.Net.Http.Json;
using ImagingPipeline.Contracts;
using ImagingPipeline.EndToEnd.Tests.Support;
using ImagingPipeline.TestSupport.Phantoms;
using ImagingPipeline.TestSupport.Servers;
using ImagingPipeline.Worker.Assessments;
using ImagingPipeline.Worker.Outbox;
using ImagingPipeline.Worker.Studies;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace ImagingPipeline.EndToEnd.Tests;

/// <summary>
/// The embedded default end to end: Orthanc pushes the phantom to the worker (SQLite index,
/// in-memory bus, Hangfire in memory); the worker runs the reference eligibility consumer on
/// its in-memory bus itself (Review:HostEligibility defaults to true there).
/// </summary>
public sealed class EmbeddedAcceptanceTests(SamplePatientFixture sample) : IClassFixture<SamplePatientFixture>, IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(5);
    private readonly string _root = Directory.CreateTempSubdirectory("ip-e2e-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task An_orthanc_push_is_assessed_once_with_the_phantoms_truth_and_the_eligibility_consumer_answers_and_re_answers_after_sign_off()
    {
        await using var worker = WorkerHost.Start(Path.Combine(_root, "worker"));
        var connector = worker.Services.GetRequiredService<IReceiveEndpointConnector>();
        await using var probe = await BusProbe.ConnectAsync(connector, Ct);
        await using var orthanc = await OrthancServer.StartAsync("IMAGINGPIPE", worker.DicomPort, Ct);

        await OrthancPush.StudyAsync(orthanc, sample.FilesOf("baseline"), Ct);
        var study = sample.Truth.StudyUids["baseline"];
        var truth = sample.Truth.StructureSet("baseline");
        await Wait.UntilAsync(() => WorkerHost.StateAsync(worker.Api, study, Ct), s => s == StudyState.Published, Within, "the study being published", Ct);
        await Wait.UntilAsync(() => Task.FromResult(probe.Of<ImagingEligibilityAssessed>().Count), n => n >= 1, Within, "the eligibility answer", Ct);

        // Published means every outbox row of the study was confirmed: nothing more will come.
        Assert.Equal(0, await worker.Services.GetRequiredService<OutboxRelay>().PendingAsync(Ct));
        var (assessmentId, assessment) = Assert.Single(probe.Of<OligoProgressionAssessed>());
        Assert.Equal(MessageIds.For(assessment), assessmentId);
        Assert.Equal(study, assessment.StudyInstanceUid);
        Assert.Equal(1, assessment.Version);
        PhantomAssertions.MatchesTruth(assessment, truth, sample.Truth.FrameUids["baseline"]);
        var sites = probe.Of<ProgressiveSiteIdentified>();
        Assert.Equal(truth.Lesions.Count(), sites.Count);
        Assert.Equal(assessment.Sites.Select(s => s.SiteId).Order(StringComparer.Ordinal), sites.Select(s => s.Message.Site.SiteId).Order(StringComparer.Ordinal));
        Assert.All(sites, s => Assert.Equal(MessageIds.For(s.Message, s.Message.Site.SiteId), s.MessageId));
        var received = Assert.Single(probe.Of<StudyReceived>()).Message;
        Assert.Equal(["CT", "PT", "RTSTRUCT"], received.Modalities);
        Assert.Equal("content-complete", received.CompletionReason);

        var answer = Assert.Single(probe.Of<ImagingEligibilityAssessed>()).Message;
        Assert.Equal(study, answer.StudyInstanceUid);
        Assert.Equal(1, answer.AssessmentVersion);
        Assert.Equal(CriterionStatus.AwaitingReview, answer.ImagingCriteria);

        var api = await worker.Api.GetFromJsonAsync<OligoProgressionAssessed>($"/api/patients/{sample.Truth.PatientId}/assessment", Ct);
        Assert.Equal(assessment.Sites.Select(s => s.SiteId), api!.Sites.Select(s => s.SiteId));

        // A radiotherapist judges every site suitable and signs off: the consumer answers again, now Met.
        var reviews = worker.Services.GetRequiredService<ReviewRepository>();
        foreach (var site in assessment.Sites)
        {
            await reviews.RecordDecisionAsync(study, 1, new SiteDecision { SiteId = site.SiteId, Progressive = true, SbrtSuitable = true }, "rt1", Ct);
        }

        var review = await reviews.SignOffAsync(study, 1, "rt1", Ct);
        await Wait.UntilAsync(() => Task.FromResult(probe.Of<ImagingEligibilityAssessed>().Count), n => n >= 2, Within, "the second answer", Ct);
        var (reviewId, published) = Assert.Single(probe.Of<SiteReviewCompleted>());
        Assert.Equal(MessageIds.For(review), reviewId);
        Assert.Equal(assessment.Sites.Count, published.Decisions.Count);
        Assert.Equal(4, published.ExtracranialSiteCount);
        var second = probe.Of<ImagingEligibilityAssessed>().Select(a => a.Message).Single(a => a.Version == 2);
        Assert.Equal(1, second.ReviewVersion);
        Assert.Equal(CriterionStatus.Met, second.ImagingCriteria);
    }
}
