using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using ImagingPipeline.Contracts;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Outbox;
using ImagingPipeline.Worker.Studies;

namespace ImagingPipeline.Worker.Assessments;

/// <summary>
/// Assessments per patient timepoint and version. A timepoint is named by its anchor study (the
/// OligoProgressionAssessed's studyInstanceUid); versions count from 1 per anchor and each one
/// supersedes the one before (supersedesVersion). Writes happen inside the caller's transaction
/// and always together with the outbox rows that announce them; reads open their own connection.
/// </summary>
internal sealed class AssessmentRepository(IndexDatabase db, OutboxWriter outbox, TimeProvider clock)
{
    private const string SummaryColumns = """
        a.anchor_study_uid, a.version, a.supersedes_version, a.patient_id, a.issuer_of_patient_id, a.timepoint_date,
        (SELECT s.state FROM studies s WHERE s.study_uid = a.anchor_study_uid),
        a.site_count, a.extracranial_site_count, a.intracranial_lesion_count, a.nodal_region_count, a.created_ms,
        (SELECT MAX(r.review_version) FROM review_signoffs r WHERE r.anchor_study_uid = a.anchor_study_uid AND r.assessment_version = a.version)
        """;

    /// <summary>Serialises the versions of one timepoint until the caller's transaction ends.</summary>
    public Task LockTimepointAsync(DbConnection connection, DbTransaction tx, string anchorStudyUid, CancellationToken ct) =>
        IndexLocks.LockAsync(db, connection, tx, "assessment:" + anchorStudyUid, ct);

    /// <summary>The latest version of the timepoint (0 when none), read inside the caller's transaction.</summary>
    public async Task<int> LatestVersionAsync(DbConnection connection, DbTransaction? tx, string anchorStudyUid, CancellationToken ct)
    {
        await using var command = IndexDatabase.Command(connection, tx,
            "SELECT COALESCE(MAX(version), 0) FROM assessments WHERE anchor_study_uid = @a", ("@a", anchorStudyUid));
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>The content hash of the latest version (null when there is none), inside the caller's transaction.</summary>
    public async Task<string?> LatestContentHashAsync(DbConnection connection, DbTransaction tx, string anchorStudyUid, CancellationToken ct)
    {
        await using var command = IndexDatabase.Command(connection, tx,
            "SELECT content_hash FROM assessments WHERE anchor_study_uid = @a ORDER BY version DESC LIMIT 1", ("@a", anchorStudyUid));
        return await command.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>
    /// Stores <paramref name="assessment"/> and adds its messages (one ProgressiveSiteIdentified per
    /// site, then the OligoProgressionAssessed) to the outbox, all in the caller's transaction. The
    /// version must follow the latest stored one and supersede it. Call
    /// <see cref="LockTimepointAsync"/> first.
    /// </summary>
    /// <param name="timepointDate">The anchor's study date (YYYYMMDD), for lists and baselines.</param>
    /// <param name="contentHash">The hash of what was found (<see cref="AssessmentRecorder.ContentHash"/>); an extraction that finds the same adds no version.</param>
    /// <param name="origin">The study version whose processing produced it.</param>
    public async Task SaveAsync(DbConnection connection, DbTransaction tx, OligoProgressionAssessed assessment, string? timepointDate,
        string contentHash, StudyProcessingContext origin, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(origin);
        var latest = await LatestVersionAsync(connection, tx, assessment.StudyInstanceUid, ct);
        if (assessment.Version != latest + 1 || assessment.SupersedesVersion != (latest == 0 ? null : latest))
        {
            throw new InvalidOperationException(
                $"Assessment version {assessment.Version} superseding {assessment.SupersedesVersion?.ToString(CultureInfo.InvariantCulture) ?? "nothing"} " +
                $"does not follow the stored version {latest.ToString(CultureInfo.InvariantCulture)}.");
        }

        await using (var command = IndexDatabase.Command(connection, tx, """
            INSERT INTO assessments (anchor_study_uid, version, patient_id, issuer_of_patient_id, supersedes_version, timepoint_date,
                origin_study_uid, origin_version, content_hash, site_count, extracranial_site_count, intracranial_lesion_count,
                nodal_region_count, created_ms, body)
            VALUES (@anchor, @version, @patient, @issuer, @supersedes, @date, @origin, @originVersion, @hash, @sites, @extra, @intra,
                @regions, @now, @body)
            """,
            ("@anchor", assessment.StudyInstanceUid), ("@version", assessment.Version), ("@patient", assessment.PatientId),
            ("@issuer", assessment.IssuerOfPatientId), ("@supersedes", assessment.SupersedesVersion), ("@date", timepointDate),
            ("@origin", origin.StudyInstanceUid), ("@originVersion", origin.Version), ("@hash", contentHash),
            ("@sites", assessment.Sites.Count), ("@extra", assessment.ExtracranialSiteCount), ("@intra", assessment.IntracranialLesionCount),
            ("@regions", assessment.NodalRegionCount), ("@now", clock.GetUtcNow().ToUnixTimeMilliseconds()),
            ("@body", JsonSerializer.Serialize(assessment, OutboxWriter.Json))))
        {
            await command.ExecuteNonQueryAsync(ct);
        }

        await outbox.AddAssessmentAsync(connection, tx, assessment, ct, origin);
    }

    /// <summary>One version of a timepoint's assessment, or its latest when <paramref name="version"/> is null.</summary>
    public async Task<OligoProgressionAssessed?> GetAsync(string anchorStudyUid, int? version, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await GetAsync(connection, null, anchorStudyUid, version, ct);
    }

    /// <summary>The same inside the caller's transaction.</summary>
    public async Task<OligoProgressionAssessed?> GetAsync(DbConnection connection, DbTransaction? tx, string anchorStudyUid, int? version,
        CancellationToken ct)
    {
        await using var command = version is null
            ? IndexDatabase.Command(connection, tx,
                "SELECT body FROM assessments WHERE anchor_study_uid = @a ORDER BY version DESC LIMIT 1", ("@a", anchorStudyUid))
            : IndexDatabase.Command(connection, tx,
                "SELECT body FROM assessments WHERE anchor_study_uid = @a AND version = @v", ("@a", anchorStudyUid), ("@v", version));
        return await command.ExecuteScalarAsync(ct) is string body ? Deserialize(body) : null;
    }

    /// <summary>The latest assessment of the timepoint <paramref name="studyUid"/> belongs to (it may be the anchor or any study used), or null.</summary>
    public async Task<OligoProgressionAssessed?> ForStudyAsync(string studyUid, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null,
            "SELECT anchor_study_uid FROM timepoint_studies WHERE study_uid = @s", ("@s", studyUid));
        var anchor = await command.ExecuteScalarAsync(ct) as string ?? studyUid;
        return await GetAsync(connection, null, anchor, null, ct);
    }

    /// <summary>Every version of a timepoint, newest first.</summary>
    public Task<IReadOnlyList<OligoProgressionAssessed>> HistoryAsync(string anchorStudyUid, CancellationToken ct) =>
        BodiesAsync("SELECT body FROM assessments WHERE anchor_study_uid = @a ORDER BY version DESC", ct, ("@a", anchorStudyUid));

    /// <summary>
    /// The latest version of each of a patient's timepoints, newest timepoint first (all versions
    /// with <paramref name="history"/>). The issuer must match when given; assessments without an
    /// issuer match any.
    /// </summary>
    public Task<IReadOnlyList<OligoProgressionAssessed>> ForPatientAsync(string patientId, string? issuer, bool history, CancellationToken ct) =>
        BodiesAsync(
            "SELECT a.body FROM assessments a WHERE a.patient_id = @p" +
            (issuer is null ? "" : " AND (a.issuer_of_patient_id IS NULL OR a.issuer_of_patient_id = @i)") +
            (history ? "" : " AND a.version = (SELECT MAX(x.version) FROM assessments x WHERE x.anchor_study_uid = a.anchor_study_uid)") +
            " ORDER BY a.timepoint_date DESC, a.created_ms DESC, a.version DESC",
            ct, ("@p", patientId), ("@i", issuer));

    /// <summary>The latest version of every timepoint, newest first; only those whose latest version has no sign-off when <paramref name="awaitingReviewOnly"/>.</summary>
    public async Task<IReadOnlyList<AssessmentSummary>> ListLatestAsync(bool awaitingReviewOnly, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null,
            "SELECT " + SummaryColumns + " FROM assessments a " +
            "WHERE a.version = (SELECT MAX(x.version) FROM assessments x WHERE x.anchor_study_uid = a.anchor_study_uid)" +
            (awaitingReviewOnly
                ? " AND NOT EXISTS (SELECT 1 FROM review_signoffs r WHERE r.anchor_study_uid = a.anchor_study_uid AND r.assessment_version = a.version)"
                : "") +
            " ORDER BY a.created_ms DESC LIMIT @n", ("@n", limit));
        var list = new List<AssessmentSummary>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new AssessmentSummary(reader.GetString(0), Int(reader, 1), NullableInt(reader, 2), reader.GetString(3), Text(reader, 4),
                Text(reader, 5), Text(reader, 6), Int(reader, 7), Int(reader, 8), Int(reader, 9), Int(reader, 10),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)), NullableInt(reader, 12)));
        }

        return list;
    }

    internal static OligoProgressionAssessed Deserialize(string body) =>
        JsonSerializer.Deserialize<OligoProgressionAssessed>(body, OutboxWriter.Json)
        ?? throw new InvalidOperationException("an assessment row has an empty body");

    private async Task<IReadOnlyList<OligoProgressionAssessed>> BodiesAsync(string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null, sql, parameters);
        var list = new List<OligoProgressionAssessed>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(Deserialize(reader.GetString(0)));
        }

        return list;
    }

    internal static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    internal static int Int(DbDataReader r, int i) => Convert.ToInt32(r.GetValue(i), CultureInfo.InvariantCulture);

    internal static int? NullableInt(DbDataReader r, int i) => r.IsDBNull(i) ? null : Int(r, i);
}
