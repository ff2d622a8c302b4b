using System.Globalization;
using ImagingPipeline.Contracts;
using ImagingPipeline.Worker.Assessments;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Studies;
using ImagingPipeline.Worker.Tests.Support;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Assessments;

/// <summary>Result storage, review and the Extracted → Published step, run on SQLite and on PostgreSQL.</summary>
internal static class AssessmentScenarios
{
    public static async Task ResultsAndTheirMessagesCommitOrRollBackTogether(ResultsWorld w, CancellationToken ct)
    {
        var study = await SeedExtractingStudyAsync(w, ct);
        var origin = new StudyProcessingContext(study, 1);
        await using (var connection = await w.Database.OpenAsync(ct))
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await w.Assessments.SaveAsync(connection, tx, Assessment(study, 1, null, 2), "20260105", "k1", origin, ct);
            await tx.RollbackAsync(ct);
        }

        Assert.Null(await w.Assessments.GetAsync(study, null, ct));
        Assert.Equal(0, await w.Relay.PendingAsync(ct));

        await w.Database.InTransactionAsync(async (c, t) =>
        {
            await w.Assessments.SaveAsync(c, t, Assessment(study, 1, null, 2), "20260105", "k1", origin, ct);
            return 0;
        }, ct);
        var stored = await w.Assessments.GetAsync(study, null, ct);
        Assert.NotNull(stored);
        Assert.Equal(2, stored.Sites.Count);
        Assert.Equal(3, await w.Relay.PendingAsync(ct)); // two sites and the assessment
    }

    public static async Task VersionsFollowEachOtherAndSupersede(ResultsWorld w, CancellationToken ct)
    {
        var study = await SeedExtractingStudyAsync(w, ct);
        var origin = new StudyProcessingContext(study, 1);
        await SaveAsync(w, Assessment(study, 1, null, 1), origin, ct);
        await SaveAsync(w, Assessment(study, 2, 1, 3), origin, ct);
        var skipped = await Assert.ThrowsAsync<InvalidOperationException>(() => SaveAsync(w, Assessment(study, 4, 3, 1), origin, ct));
        Assert.Contains("does not follow", skipped.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => SaveAsync(w, Assessment(study, 3, null, 1), origin, ct));

        Assert.Equal(2, (await w.Assessments.GetAsync(study, null, ct))!.Version);
        Assert.Single((await w.Assessments.GetAsync(study, 1, ct))!.Sites);
        Assert.Equal([2, 1], (await w.Assessments.HistoryAsync(study, ct)).Select(a => a.Version));
        Assert.Equal([2], (await w.Assessments.ForPatientAsync("PAT-R", null, history: false, ct)).Select(a => a.Version));
        Assert.Equal([2, 1], (await w.Assessments.ForPatientAsync("PAT-R", "HOSP", history: true, ct)).Select(a => a.Version));
        Assert.Empty(await w.Assessments.ForPatientAsync("PAT-R", "OTHER", history: false, ct));
        Assert.Empty(await w.Assessments.ForPatientAsync("PAT-X", null, history: false, ct));
    }

    public static async Task DecisionsAreAuditedAndSignOffPublishesTheReview(ResultsWorld w, CancellationToken ct)
    {
        var study = await SeedExtractingStudyAsync(w, ct);
        var origin = new StudyProcessingContext(study, 1);
        // Sites 1-2 lung, 3-4 nodes in region "upper-R", 5 intracranial.
        var a1 = Assessment(study, 1, null, 5);
        await SaveAsync(w, a1, origin, ct);
        Assert.Equal([study], (await w.Reviews.ListAwaitingReviewAsync(10, ct)).Select(s => s.StudyInstanceUid));

        await w.Reviews.RecordDecisionAsync(study, 1, Decide(a1, 1, suitable: false), "rt1", ct);
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        await w.Reviews.RecordDecisionAsync(study, 1, Decide(a1, 1, suitable: true) with { Reason = " peripheral, 2 cm " }, "rt2", ct);
        await w.Reviews.RecordDecisionAsync(study, 1, Decide(a1, 2) with { MergedInto = a1.Sites[0].SiteId }, "rt1", ct);
        await w.Reviews.RecordDecisionAsync(study, 1, Decide(a1, 4) with { CountedSeparately = true }, "rt1", ct);
        await w.Reviews.RecordDecisionAsync(study, 1, Decide(a1, 5, progressive: false), "rt1", ct);

        var view = await w.Reviews.GetAsync(study, null, ct);
        Assert.NotNull(view);
        Assert.True(view.IsLatestVersion);
        Assert.Equal(5, view.AuditTrail.Count);
        Assert.Equal(["rt1", "rt2"], view.AuditTrail.Where(e => e.Decision.SiteId == a1.Sites[0].SiteId).Select(e => e.DecidedBy));
        Assert.Equal("peripheral, 2 cm", view.CurrentDecisions[a1.Sites[0].SiteId].Reason);
        Assert.True(view.CurrentDecisions[a1.Sites[0].SiteId].SbrtSuitable);
        // Sites 1+2 merged (1), nodes 3 and 4 split (2), intracranial ruled out.
        Assert.Equal(3, view.ReviewedExtracranialSiteCount);
        Assert.Equal(0, view.ReviewedIntracranialLesionCount);

        var invalid = await Assert.ThrowsAsync<ReviewException>(() =>
            w.Reviews.RecordDecisionAsync(study, 1, new SiteDecision { SiteId = "nope/1" }, "rt1", ct));
        Assert.Equal(ReviewError.Invalid, invalid.Error);
        var selfMerge = await Assert.ThrowsAsync<ReviewException>(() =>
            w.Reviews.RecordDecisionAsync(study, 1, Decide(a1, 3) with { MergedInto = a1.Sites[2].SiteId }, "rt1", ct));
        Assert.Equal(ReviewError.Invalid, selfMerge.Error);
        Assert.Equal(ReviewError.Invalid, (await Assert.ThrowsAsync<ReviewException>(() =>
            w.Reviews.RecordDecisionAsync(study, 1, Decide(a1, 3), " ", ct))).Error);
        Assert.Equal(ReviewError.NotFound, (await Assert.ThrowsAsync<ReviewException>(() =>
            w.Reviews.SignOffAsync(study, 7, "rt1", ct))).Error);

        var pendingBefore = await w.Relay.PendingAsync(ct);
        var review = await w.Reviews.SignOffAsync(study, 1, "rt2", ct);
        Assert.Equal(1, review.Version);
        Assert.Equal(1, review.AssessmentVersion);
        Assert.Equal(3, review.ExtracranialSiteCount);
        Assert.Equal(4, review.Decisions.Count); // sites 1, 2, 4, 5; site 3 undecided
        Assert.Equal(pendingBefore + 1, await w.Relay.PendingAsync(ct));
        Assert.Empty(await w.Reviews.ListAwaitingReviewAsync(10, ct));
        var signOff = Assert.Single(await w.Reviews.ListSignOffsAsync(study, ct));
        Assert.Equal(MessageIds.For(review), signOff.MessageId);
        Assert.Equal("rt2", signOff.SignedBy);

        // A new extraction supersedes the reviewed version: it awaits review again and the old one takes no more decisions.
        await SaveAsync(w, Assessment(study, 2, 1, 5), origin, ct);
        var awaiting = Assert.Single(await w.Reviews.ListAwaitingReviewAsync(10, ct));
        Assert.Equal(2, awaiting.Version);
        Assert.Null(awaiting.SignedOffReviewVersion);
        Assert.Equal(ReviewError.Conflict, (await Assert.ThrowsAsync<ReviewException>(() =>
            w.Reviews.RecordDecisionAsync(study, 1, Decide(a1, 3), "rt1", ct))).Error);
        Assert.Equal(ReviewError.Conflict, (await Assert.ThrowsAsync<ReviewException>(() =>
            w.Reviews.SignOffAsync(study, 1, "rt1", ct))).Error);
        var old = await w.Reviews.GetAsync(study, 1, ct);
        Assert.False(old!.IsLatestVersion);
        Assert.Empty((await w.Reviews.GetAsync(study, 2, ct))!.CurrentDecisions);

        var second = await w.Reviews.SignOffAsync(study, 2, "rt1", ct);
        Assert.Equal(2, second.Version);
        Assert.Equal(2, second.AssessmentVersion);
        Assert.Empty(second.Decisions);
        Assert.Equal(3, second.ExtracranialSiteCount); // undecided: 2 lung sites + 1 nodal region
        Assert.Equal(1, second.IntracranialLesionCount);
        Assert.Equal([1, 2], (await w.Reviews.ListSignOffsAsync(study, ct)).Select(s => s.ReviewVersion));
    }

    public static async Task StudyIsPublishedOnceEveryMessageOfItsVersionIsConfirmed(ResultsWorld w, CancellationToken ct)
    {
        var study = await SeedExtractingStudyAsync(w, ct);
        var origin = new StudyProcessingContext(study, 1);
        await w.Database.InTransactionAsync(async (c, t) =>
        {
            await w.Assessments.SaveAsync(c, t, Assessment(study, 1, null, 2), "20260105", "h", origin, ct);
            Assert.Equal(1, await w.Index.MarkExtractedAsync(c, t, study, 1, "extracted", ct));
            Assert.Null(await w.Index.TryMarkPublishedAsync(c, t, study, 1, ct)); // rows pending
            return 0;
        }, ct);
        Assert.Equal(StudyState.Extracted, (await w.Index.GetStudyAsync(study, ct))!.Study.State);

        w.Options.BatchSize = 1;
        Assert.Equal(1, await w.Relay.RunOnceAsync(ct));
        Assert.Equal(StudyState.Extracted, (await w.Index.GetStudyAsync(study, ct))!.Study.State);
        await w.DrainOutboxAsync(ct);
        var detail = await w.Index.GetStudyAsync(study, ct);
        Assert.Equal(StudyState.Published, detail!.Study.State);
        Assert.Equal([StudyState.Receiving, StudyState.Complete, StudyState.Extracting, StudyState.Extracted, StudyState.Published],
            detail.History.Select(h => h.To));

        // A study reopened while its messages were pending stays where the new instance put it.
        var reopened = await SeedExtractingStudyAsync(w, ct);
        await w.Database.InTransactionAsync(async (c, t) =>
        {
            await w.Assessments.SaveAsync(c, t, Assessment(reopened, 1, null, 1), "20260105", "h", new StudyProcessingContext(reopened, 1), ct);
            return await w.Index.MarkExtractedAsync(c, t, reopened, 1, "extracted", ct);
        }, ct);
        await w.Index.RecordInstanceAsync(Instances.Header(reopened, Instances.NewUid(), Instances.NewUid()) with { PatientId = "PAT-R" },
            "x.dcm", 10, "00", "SCU", ct);
        await w.DrainOutboxAsync(ct);
        var after = await w.Index.GetStudyAsync(reopened, ct);
        Assert.Equal(StudyState.Receiving, after!.Study.State);
        Assert.Equal(2, after.Study.Version);
    }

    public static async Task RecorderStoresChangedTimepointsAsNewVersionsUnderAStableAnchor(ResultsWorld w, CancellationToken ct)
    {
        var origin = new StudyProcessingContext(await SeedExtractingStudyAsync(w, ct), 1);
        var (baselineStudy, petStudy, planningStudy, newPlanningStudy) = (Instances.NewUid(), Instances.NewUid(), Instances.NewUid(), Instances.NewUid());
        var baseline = Assessment(baselineStudy, 1, null, 2) with { StudiesUsed = [Used(baselineStudy, "structure-set")] };
        var followUp = Assessment(planningStudy, 1, null, 3) with
        {
            StudiesUsed = [Used(planningStudy, "structure-set"), Used(petStudy, "pet-ct"), Used(baselineStudy, "baseline")],
            BaselineStudyUid = baselineStudy,
        };

        Assert.Equal(2, (await RecordAsync(w, origin, ct, baseline, followUp)).Count);
        // The same findings again (another study of the patient completed): nothing new, whatever the time.
        Assert.Empty(await RecordAsync(w, origin, ct, baseline with { AssessedAt = DateTimeOffset.UnixEpoch }, followUp));

        // A later structure set in another study of the follow-up timepoint: version 2 of the same timepoint.
        var recontoured = Assessment(newPlanningStudy, 1, null, 4) with
        {
            StudiesUsed = [Used(newPlanningStudy, "structure-set"), Used(planningStudy, "planning-ct"), Used(petStudy, "pet-ct"), Used(baselineStudy, "baseline")],
            BaselineStudyUid = baselineStudy,
        };
        var stored = Assert.Single(await RecordAsync(w, origin, ct, baseline, recontoured));
        Assert.Equal(planningStudy, stored.StudyInstanceUid);
        Assert.Equal(2, stored.Version);
        Assert.Equal(1, stored.SupersedesVersion);
        Assert.Equal(4, (await w.Assessments.GetAsync(planningStudy, null, ct))!.Sites.Count);
        Assert.Null(await w.Assessments.GetAsync(newPlanningStudy, null, ct));

        // A re-contoured baseline named by its new study is still the baseline timepoint for the follow-up.
        var rebased = Assessment(Instances.NewUid(), 1, null, 2) with { StudiesUsed = [Used(baselineStudy, "planning-ct")] };
        var followUp3 = recontoured with { BaselineStudyUid = rebased.StudyInstanceUid, Sites = [.. recontoured.Sites.Take(3)] };
        var both = await RecordAsync(w, origin, ct, rebased, followUp3);
        Assert.Equal([baselineStudy, planningStudy], both.Select(a => a.StudyInstanceUid));
        Assert.Equal(baselineStudy, both[1].BaselineStudyUid);
        Assert.Equal([2, 3], both.Select(a => a.Version));
        Assert.Equal(2, (await w.Assessments.ForPatientAsync("PAT-R", null, history: false, ct)).Count);
    }

    private static StudyReference Used(string study, string role) => new() { StudyInstanceUid = study, Role = role, StudyDate = new DateOnly(2026, 1, 5) };

    private static Task<IReadOnlyList<OligoProgressionAssessed>> RecordAsync(ResultsWorld w, StudyProcessingContext origin, CancellationToken ct,
        params OligoProgressionAssessed[] found) =>
        w.Database.InTransactionAsync((c, t) => w.Recorder.RecordAsync(c, t, found, origin, ct), ct);

    /// <summary>A study with one instance, closed and claimed (Extracting, version 1).</summary>
    public static async Task<string> SeedExtractingStudyAsync(ResultsWorld w, CancellationToken ct)
    {
        var study = Instances.NewUid();
        await w.Index.RecordInstanceAsync(Instances.Header(study, Instances.NewUid(), Instances.NewUid()) with { PatientId = "PAT-R" },
            "x.dcm", 10, "00", "SCU", ct);
        var (_, last) = Assert.Single(await w.Index.ReceivingQuietSinceAsync(long.MaxValue, ct), s => s.StudyUid == study);
        Assert.NotNull(await w.Index.TryCloseAsync(study, last, "test", ct));
        Assert.Equal(1, await w.Index.TryClaimAsync(study, ct));
        return study;
    }

    /// <summary>Sites: 1-2 lung, then nodes in region "upper-R" (3-4), then one intracranial (5), as many as asked.</summary>
    public static OligoProgressionAssessed Assessment(string study, int version, int? supersedes, int sites)
    {
        var list = Enumerable.Range(1, sites).Select(i => new SiteRecord
        {
            SiteId = $"{study}.7/{i.ToString(CultureInfo.InvariantCulture)}",
            RoiNumber = i,
            RoiName = i switch { <= 2 => $"GTV_Lung{i}", <= 4 => $"GTVn{i}_4R", _ => "GTV_Brain" },
            Organ = i switch { <= 2 => "lung", <= 4 => "lymph node", _ => "brain" },
            NodalRegion = i is 3 or 4 ? "upper-R" : null,
            IsIntracranial = i == 5,
            CentroidMm = [i, 2 * i, 3 * i],
            VolumeCc = i,
        }).ToList();
        return new OligoProgressionAssessed
        {
            StudyInstanceUid = study,
            PatientId = "PAT-R",
            IssuerOfPatientId = "HOSP",
            Version = version,
            SupersedesVersion = supersedes,
            Sites = list,
            ExtracranialSiteCount = SiteCounting.CountExtracranial(list),
            IntracranialLesionCount = list.Count(s => s.IsIntracranial),
        };
    }

    private static Task SaveAsync(ResultsWorld w, OligoProgressionAssessed a, StudyProcessingContext origin, CancellationToken ct) =>
        w.Database.InTransactionAsync(async (c, t) =>
        {
            await w.Assessments.LockTimepointAsync(c, t, a.StudyInstanceUid, ct);
            await w.Assessments.SaveAsync(c, t, a, "20260105", "h", origin, ct);
            return 0;
        }, ct);

    private static SiteDecision Decide(OligoProgressionAssessed a, int site, bool? progressive = true, bool? suitable = true) =>
        new() { SiteId = a.Sites[site - 1].SiteId, Progressive = progressive, SbrtSuitable = suitable };
}
