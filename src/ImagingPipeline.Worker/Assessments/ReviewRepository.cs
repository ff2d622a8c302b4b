using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using ImagingPipeline.Contracts;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Outbox;

namespace ImagingPipeline.Worker.Assessments;

/// <summary>
/// The radiotherapists' review of assessments, for the review page. Timepoints are named by their
/// anchor study UID (the assessment's studyInstanceUid) and an assessment version.
/// <list type="bullet">
/// <item><see cref="ListAwaitingReviewAsync"/>: latest versions without a sign-off, newest first.</item>
/// <item><see cref="GetAsync"/>: one version with its current decisions, audit trail, sign-offs and reviewed counts.</item>
/// <item><see cref="RecordDecisionAsync"/>: appends one site decision (who, when, which version) to the audit trail;
/// only the latest version of a timepoint takes decisions.</item>
/// <item><see cref="SignOffAsync"/>: signs off the latest version with its current decisions and, in the same
/// transaction, puts SiteReviewCompleted (review version n+1 for the timepoint) into the outbox.</item>
/// </list>
/// Refusals throw <see cref="ReviewException"/> (NotFound → 404, Invalid → 400, Conflict → 409).
/// </summary>
internal sealed class ReviewRepository(IndexDatabase db, AssessmentRepository assessments, OutboxWriter outbox, TimeProvider clock)
{
    private const string DecisionColumns =
        "id, anchor_study_uid, assessment_version, site_id, progressive, sbrt_suitable, reason, nodal_region_override, merged_into, " +
        "counted_separately, decided_by, decided_ms";

    /// <summary>The latest assessment of each timepoint that has no sign-off yet, newest first.</summary>
    public Task<IReadOnlyList<AssessmentSummary>> ListAwaitingReviewAsync(int limit, CancellationToken ct) =>
        assessments.ListLatestAsync(awaitingReviewOnly: true, limit, ct);

    /// <summary>One version (the latest when <paramref name="assessmentVersion"/> is null) as the review page shows it; null when unknown.</summary>
    public async Task<ReviewView?> GetAsync(string anchorStudyUid, int? assessmentVersion, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var assessment = await assessments.GetAsync(connection, null, anchorStudyUid, assessmentVersion, ct);
        if (assessment is null)
        {
            return null;
        }

        var latest = await LatestVersionAsync(connection, null, anchorStudyUid, ct);
        var audit = await DecisionsAsync(connection, null, anchorStudyUid, null, ct);
        var current = Current(audit, assessment.Version);
        var signOffs = await SignOffsAsync(connection, anchorStudyUid, ct);
        var (extracranial, intracranial) = ReviewedCounts(assessment, current);
        return new ReviewView(assessment, assessment.Version == latest, current, audit, signOffs, extracranial, intracranial);
    }

    /// <summary>Every decision recorded on any version of the timepoint, oldest first (the audit trail).</summary>
    public async Task<IReadOnlyList<ReviewDecisionEntry>> ListDecisionsAsync(string anchorStudyUid, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await DecisionsAsync(connection, null, anchorStudyUid, null, ct);
    }

    /// <summary>The timepoint's sign-offs, oldest first.</summary>
    public async Task<IReadOnlyList<ReviewSignOff>> ListSignOffsAsync(string anchorStudyUid, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await SignOffsAsync(connection, anchorStudyUid, ct);
    }

    /// <summary>
    /// Records <paramref name="decision"/> on a site of the latest version by <paramref name="reviewer"/>.
    /// The site and a merge target must be sites of that version; a merge into itself or an empty
    /// region override is invalid. A later decision on the same site replaces it as current; both stay in the audit trail.
    /// </summary>
    public Task<ReviewDecisionEntry> RecordDecisionAsync(string anchorStudyUid, int assessmentVersion, SiteDecision decision, string reviewer,
        CancellationToken ct) =>
        RecordDecisionAsync(anchorStudyUid, assessmentVersion, decision, reviewer, null, ct);

    /// <summary>As above, recording the reviewer's role (for the audit trail) too.</summary>
    public Task<ReviewDecisionEntry> RecordDecisionAsync(string anchorStudyUid, int assessmentVersion, SiteDecision decision, string reviewer,
        string? reviewerRole, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(decision);
        RequireReviewer(reviewer);
        return db.InTransactionAsync(async (connection, tx) =>
        {
            await assessments.LockTimepointAsync(connection, tx, anchorStudyUid, ct);
            var assessment = await LatestReviewableAsync(connection, tx, anchorStudyUid, assessmentVersion, ct);
            var siteIds = assessment.Sites.Select(s => s.SiteId).ToHashSet(StringComparer.Ordinal);
            if (!siteIds.Contains(decision.SiteId))
            {
                throw new ReviewException(ReviewError.Invalid, $"Site {decision.SiteId} is not in assessment version {assessmentVersion}.");
            }

            if (decision.MergedInto is { } target && (target == decision.SiteId || !siteIds.Contains(target)))
            {
                throw new ReviewException(ReviewError.Invalid, $"A site can be merged only into another site of the same assessment, not '{target}'.");
            }

            if (decision.NodalRegionOverride is { } region && string.IsNullOrWhiteSpace(region))
            {
                throw new ReviewException(ReviewError.Invalid, "A nodal-region override names a region.");
            }

            var normalised = decision with { NodalRegionOverride = decision.NodalRegionOverride?.Trim(), Reason = decision.Reason?.Trim() };
            var now = clock.GetUtcNow();
            await using var command = IndexDatabase.Command(connection, tx, """
                INSERT INTO review_decisions (anchor_study_uid, assessment_version, site_id, progressive, sbrt_suitable, reason,
                    nodal_region_override, merged_into, counted_separately, decided_by, decided_ms, decided_role)
                VALUES (@a, @v, @site, @progressive, @suitable, @reason, @region, @merged, @separately, @by, @now, @role)
                RETURNING id
                """,
                ("@a", anchorStudyUid), ("@v", assessmentVersion), ("@site", normalised.SiteId), ("@progressive", Flag(normalised.Progressive)),
                ("@suitable", Flag(normalised.SbrtSuitable)), ("@reason", normalised.Reason), ("@region", normalised.NodalRegionOverride),
                ("@merged", normalised.MergedInto), ("@separately", normalised.CountedSeparately ? 1 : 0), ("@by", reviewer),
                ("@now", now.ToUnixTimeMilliseconds()), ("@role", reviewerRole));
            var id = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            return new ReviewDecisionEntry(id, anchorStudyUid, assessmentVersion, normalised, reviewer,
                DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()));
        }, ct);
    }

    /// <summary>
    /// Signs off the latest version with its current decisions: stores the sign-off and adds
    /// SiteReviewCompleted (the next review version of the timepoint) to the outbox, in one
    /// transaction. Sites without a decision are signed off undecided (the eligibility consumer
    /// then reports them as awaiting review). Returns the message as published.
    /// </summary>
    public Task<SiteReviewCompleted> SignOffAsync(string anchorStudyUid, int assessmentVersion, string reviewer, CancellationToken ct) =>
        SignOffAsync(anchorStudyUid, assessmentVersion, reviewer, null, ct);

    /// <summary>As above, recording the reviewer's role (for the audit trail) too.</summary>
    public Task<SiteReviewCompleted> SignOffAsync(string anchorStudyUid, int assessmentVersion, string reviewer, string? reviewerRole,
        CancellationToken ct)
    {
        RequireReviewer(reviewer);
        return db.InTransactionAsync(async (connection, tx) =>
        {
            await assessments.LockTimepointAsync(connection, tx, anchorStudyUid, ct);
            var assessment = await LatestReviewableAsync(connection, tx, anchorStudyUid, assessmentVersion, ct);
            var current = Current(await DecisionsAsync(connection, tx, anchorStudyUid, assessmentVersion, ct), assessmentVersion);
            var (extracranial, intracranial) = ReviewedCounts(assessment, current);
            int reviewVersion;
            await using (var next = IndexDatabase.Command(connection, tx,
                "SELECT COALESCE(MAX(review_version), 0) + 1 FROM review_signoffs WHERE anchor_study_uid = @a", ("@a", anchorStudyUid)))
            {
                reviewVersion = Convert.ToInt32(await next.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            }

            var now = DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
            var message = new SiteReviewCompleted
            {
                StudyInstanceUid = anchorStudyUid,
                PatientId = assessment.PatientId,
                Version = reviewVersion,
                AssessmentVersion = assessmentVersion,
                ReviewedBy = reviewer,
                ReviewedAt = now,
                Decisions = [.. assessment.Sites.Where(s => current.ContainsKey(s.SiteId)).Select(s => current[s.SiteId])],
                ExtracranialSiteCount = extracranial,
                IntracranialLesionCount = intracranial,
            };
            var messageId = await outbox.AddAsync(connection, tx, message, ct);
            await using var insert = IndexDatabase.Command(connection, tx, """
                INSERT INTO review_signoffs (anchor_study_uid, review_version, assessment_version, signed_by, signed_ms,
                    extracranial_site_count, intracranial_lesion_count, message_id, body, signed_role)
                VALUES (@a, @rv, @v, @by, @now, @extra, @intra, @id, @body, @role)
                """,
                ("@a", anchorStudyUid), ("@rv", reviewVersion), ("@v", assessmentVersion), ("@by", reviewer), ("@now", now.ToUnixTimeMilliseconds()),
                ("@extra", extracranial), ("@intra", intracranial), ("@id", messageId.ToString("D")),
                ("@body", JsonSerializer.Serialize(message, OutboxWriter.Json)), ("@role", reviewerRole));
            await insert.ExecuteNonQueryAsync(ct);
            return message;
        }, ct);
    }

    /// <summary>
    /// Counts after the reviewer's decisions: extracranial sites not ruled out as non-progressive,
    /// counted the trial's way (<see cref="SiteCounting"/>), and intracranial lesions not ruled out.
    /// </summary>
    public static (int Extracranial, int Intracranial) ReviewedCounts(OligoProgressionAssessed assessment, IReadOnlyDictionary<string, SiteDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var kept = assessment.Sites.Where(s => decisions.GetValueOrDefault(s.SiteId)?.Progressive != false).ToList();
        return (SiteCounting.CountExtracranial(kept, decisions), kept.Count(s => s.IsIntracranial));
    }

    private async Task<OligoProgressionAssessed> LatestReviewableAsync(DbConnection connection, DbTransaction tx, string anchorStudyUid,
        int assessmentVersion, CancellationToken ct)
    {
        var assessment = await assessments.GetAsync(connection, tx, anchorStudyUid, assessmentVersion, ct)
            ?? throw new ReviewException(ReviewError.NotFound, $"No assessment version {assessmentVersion} for study {anchorStudyUid}.");
        var latest = await LatestVersionAsync(connection, tx, anchorStudyUid, ct);
        return latest == assessmentVersion
            ? assessment
            : throw new ReviewException(ReviewError.Conflict,
                $"Assessment version {assessmentVersion} was superseded by version {latest}; review the latest version.");
    }

    private Task<int> LatestVersionAsync(DbConnection connection, DbTransaction? tx, string anchorStudyUid, CancellationToken ct) =>
        assessments.LatestVersionAsync(connection, tx, anchorStudyUid, ct);

    private static Dictionary<string, SiteDecision> Current(IEnumerable<ReviewDecisionEntry> audit, int assessmentVersion)
    {
        var current = new Dictionary<string, SiteDecision>(StringComparer.Ordinal);
        foreach (var entry in audit.Where(e => e.AssessmentVersion == assessmentVersion).OrderBy(e => e.Id))
        {
            current[entry.Decision.SiteId] = entry.Decision;
        }

        return current;
    }

    private static async Task<IReadOnlyList<ReviewDecisionEntry>> DecisionsAsync(DbConnection connection, DbTransaction? tx, string anchorStudyUid,
        int? assessmentVersion, CancellationToken ct)
    {
        await using var command = IndexDatabase.Command(connection, tx,
            $"SELECT {DecisionColumns} FROM review_decisions WHERE anchor_study_uid = @a" +
            (assessmentVersion is null ? "" : " AND assessment_version = @v") + " ORDER BY id",
            ("@a", anchorStudyUid), ("@v", assessmentVersion));
        var list = new List<ReviewDecisionEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var decision = new SiteDecision
            {
                SiteId = reader.GetString(3),
                Progressive = ReadFlag(reader, 4),
                SbrtSuitable = ReadFlag(reader, 5),
                Reason = AssessmentRepository.Text(reader, 6),
                NodalRegionOverride = AssessmentRepository.Text(reader, 7),
                MergedInto = AssessmentRepository.Text(reader, 8),
                CountedSeparately = AssessmentRepository.Int(reader, 9) == 1,
            };
            list.Add(new ReviewDecisionEntry(reader.GetInt64(0), reader.GetString(1), AssessmentRepository.Int(reader, 2), decision,
                reader.GetString(10), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11))));
        }

        return list;
    }

    private static async Task<IReadOnlyList<ReviewSignOff>> SignOffsAsync(DbConnection connection, string anchorStudyUid, CancellationToken ct)
    {
        await using var command = IndexDatabase.Command(connection, null, """
            SELECT review_version, assessment_version, signed_by, signed_ms, extracranial_site_count, intracranial_lesion_count, message_id, body
            FROM review_signoffs WHERE anchor_study_uid = @a ORDER BY review_version
            """, ("@a", anchorStudyUid));
        var list = new List<ReviewSignOff>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var message = JsonSerializer.Deserialize<SiteReviewCompleted>(reader.GetString(7), OutboxWriter.Json)
                ?? throw new InvalidOperationException("a sign-off row has an empty body");
            list.Add(new ReviewSignOff(anchorStudyUid, AssessmentRepository.Int(reader, 0), AssessmentRepository.Int(reader, 1), reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), AssessmentRepository.Int(reader, 4), AssessmentRepository.Int(reader, 5),
                Guid.Parse(reader.GetString(6)), message));
        }

        return list;
    }

    private static void RequireReviewer(string reviewer)
    {
        if (string.IsNullOrWhiteSpace(reviewer))
        {
            throw new ReviewException(ReviewError.Invalid, "A review decision needs the reviewer's user name.");
        }
    }

    private static int? Flag(bool? value) => value is null ? null : value.Value ? 1 : 0;

    private static bool? ReadFlag(DbDataReader r, int i) => r.IsDBNull(i) ? null : AssessmentRepository.Int(r, i) == 1;
}
