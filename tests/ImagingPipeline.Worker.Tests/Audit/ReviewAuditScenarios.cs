using ImagingPipeline.Contracts;
using ImagingPipeline.Worker.Audit;
using ImagingPipeline.Worker.Auth;
using ImagingPipeline.Worker.Studies;
using ImagingPipeline.Worker.Tests.Assessments;
using ImagingPipeline.Worker.Tests.Support;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Audit;

/// <summary>The review audit trail read from the review tables, run on SQLite and on PostgreSQL.</summary>
internal static class ReviewAuditScenarios
{
    public static async Task DecisionsAndSignOffsAreAuditedNewestFirst(ResultsWorld w, CancellationToken ct)
    {
        var study = await AssessmentScenarios.SeedExtractingStudyAsync(w, ct);
        var a1 = AssessmentScenarios.Assessment(study, 1, null, 3);
        await SaveAsync(w, a1, ct);
        var otherStudy = await AssessmentScenarios.SeedExtractingStudyAsync(w, ct);
        var other = AssessmentScenarios.Assessment(otherStudy, 1, null, 2) with { PatientId = "PAT-OTHER" };
        await SaveAsync(w, other, ct);

        var t0 = w.Clock.GetUtcNow();
        await w.Reviews.RecordDecisionAsync(study, 1, new SiteDecision
        {
            SiteId = a1.Sites[0].SiteId, Progressive = true, SbrtSuitable = false, Reason = "abuts the hilum",
        }, "rt1", Roles.Radiotherapist, ct);
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        await w.Reviews.RecordDecisionAsync(study, 1, new SiteDecision { SiteId = a1.Sites[1].SiteId, Progressive = false }, "rt2",
            Roles.Radiotherapist, ct);
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        var signed = await w.Reviews.SignOffAsync(study, 1, "admin1", Roles.Admin, ct);
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        // A decision recorded the old way, without a role: still audited.
        await w.Reviews.RecordDecisionAsync(otherStudy, 1, new SiteDecision { SiteId = other.Sites[0].SiteId, Progressive = true }, "rt3", ct);

        var audit = new ReviewAuditRepository(w.Database);
        var mine = await audit.ListAsync(new ReviewAuditQuery(null, null, "PAT-R", 100), ct);
        Assert.Equal([ReviewAuditKind.SignOff, ReviewAuditKind.Decision, ReviewAuditKind.Decision], mine.Select(e => e.Kind));
        Assert.Equal(["admin1", "rt2", "rt1"], mine.Select(e => e.User));
        Assert.Equal([Roles.Admin, Roles.Radiotherapist, Roles.Radiotherapist], mine.Select(e => e.Role));
        Assert.All(mine, e => Assert.Equal((study, 1, "PAT-R", "HOSP"), (e.StudyInstanceUid, e.AssessmentVersion, e.PatientId, e.IssuerOfPatientId)));
        Assert.Equal([t0.AddMinutes(2), t0.AddMinutes(1), t0], mine.Select(e => e.At));

        var signOff = mine[0];
        Assert.Equal(signed.Version, signOff.ReviewVersion);
        Assert.Equal(signed.ExtracranialSiteCount, signOff.ExtracranialSiteCount);
        Assert.Equal(signed.IntracranialLesionCount, signOff.IntracranialLesionCount);
        Assert.Null(signOff.SiteId);
        var first = mine[2];
        Assert.Equal(a1.Sites[0].SiteId, first.SiteId);
        Assert.Equal((true, false, "abuts the hilum"), (first.Progressive, first.SbrtSuitable, first.Comment));
        Assert.Null(first.ReviewVersion);
        Assert.Equal(false, mine[1].Progressive);

        var everyone = await audit.ListAsync(new ReviewAuditQuery(null, null, null, 100), ct);
        Assert.Equal(4, everyone.Count);
        var legacy = everyone[0];
        Assert.Equal(("rt3", null, "PAT-OTHER"), (legacy.User, legacy.Role, legacy.PatientId));
        Assert.Equal(["rt3"], (await audit.ListAsync(new ReviewAuditQuery(null, null, "PAT-OTHER", 100), ct)).Select(e => e.User));
        Assert.Equal(["admin1", "rt2"], (await audit.ListAsync(new ReviewAuditQuery(t0.AddMinutes(1), t0.AddMinutes(2), null, 100), ct))
            .Select(e => e.User));
        Assert.Equal(["rt3"], (await audit.ListAsync(new ReviewAuditQuery(null, null, null, 1), ct)).Select(e => e.User));
        Assert.Empty(await audit.ListAsync(new ReviewAuditQuery(null, null, "PAT-NOBODY", 100), ct));
    }

    private static Task SaveAsync(ResultsWorld w, OligoProgressionAssessed a, CancellationToken ct) =>
        w.Database.InTransactionAsync(async (c, t) =>
        {
            await w.Assessments.LockTimepointAsync(c, t, a.StudyInstanceUid, ct);
            await w.Assessments.SaveAsync(c, t, a, "20260105", "h", new StudyProcessingContext(a.StudyInstanceUid, 1), ct);
            return 0;
        }, ct);
}
