using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ImagingPipeline.Contracts;
using ImagingPipeline.Extraction;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Outbox;
using ImagingPipeline.Worker.Studies;

namespace ImagingPipeline.Worker.Assessments;

/// <summary>
/// Turns what an extraction found into stored versions, inside the caller's transaction. For each
/// timepoint assessment (in date order, baselines first):
/// <list type="number">
/// <item>its timepoint is the one any of its studies already belongs to (timepoint_studies), else a
/// new one anchored at the study the extractor named (the structure set's study); the anchor never
/// changes afterwards, and study UIDs that name a timepoint (the assessment's own, the baseline's)
/// are written as that timepoint's anchor;</item>
/// <item>when its content (everything but assessedAt and the version numbers) equals the latest
/// version of the timepoint, nothing is stored;</item>
/// <item>else it becomes the next version, superseding the latest, with its messages in the outbox.</item>
/// </list>
/// </summary>
internal sealed class AssessmentRecorder(AssessmentRepository assessments, TimeProvider clock)
{
    private static readonly JsonSerializerOptions HashJson = new(JsonSerializerDefaults.Web);

    /// <summary>Records <paramref name="extracted"/>; returns the versions it stored.</summary>
    public async Task<IReadOnlyList<OligoProgressionAssessed>> RecordAsync(DbConnection connection, DbTransaction tx,
        IReadOnlyList<OligoProgressionAssessed> extracted, StudyProcessingContext origin, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(extracted);
        var stored = new List<OligoProgressionAssessed>();
        foreach (var found in extracted)
        {
            var members = Members(found);
            var anchor = await AnchorOfAnyAsync(connection, tx, members, ct) ?? found.StudyInstanceUid;
            await assessments.LockTimepointAsync(connection, tx, anchor, ct);
            var assessment = await AsTimepointAsync(connection, tx, found, anchor, ct);
            var hash = ContentHash(assessment);
            await MapStudiesAsync(connection, tx, members, anchor, found.PatientId, ct);
            if (await assessments.LatestContentHashAsync(connection, tx, anchor, ct) == hash)
            {
                continue;
            }

            var latest = await assessments.LatestVersionAsync(connection, tx, anchor, ct);
            assessment = assessment with { Version = latest + 1, SupersedesVersion = latest == 0 ? null : latest };
            await assessments.SaveAsync(connection, tx, assessment, TimepointDate(assessment), hash, origin, ct);
            stored.Add(assessment);
        }

        return stored;
    }

    /// <summary>
    /// SHA-256 (hex) of the assessment as JSON with assessedAt, version and supersedesVersion
    /// cleared: two extractions that found the same have the same hash.
    /// </summary>
    public static string ContentHash(OligoProgressionAssessed assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var neutral = assessment with { AssessedAt = default, Version = 1, SupersedesVersion = null };
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(neutral, HashJson)));
    }

    /// <summary>The studies of the assessment's own timepoint: its anchor and every study used except the baseline.</summary>
    private static List<string> Members(OligoProgressionAssessed a) =>
        [.. a.StudiesUsed.Where(s => s.Role != StudyRoles.Baseline).Select(s => s.StudyInstanceUid).Prepend(a.StudyInstanceUid).Distinct(StringComparer.Ordinal)];

    /// <summary>The assessment under its timepoint's anchor, with the baseline named by its timepoint's anchor too.</summary>
    private async Task<OligoProgressionAssessed> AsTimepointAsync(DbConnection connection, DbTransaction tx, OligoProgressionAssessed a, string anchor,
        CancellationToken ct)
    {
        var baselines = a.Sites.Select(s => s.Progression?.BaselineStudyUid).Append(a.BaselineStudyUid).OfType<string>().Distinct(StringComparer.Ordinal);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var uid in baselines)
        {
            map[uid] = await AnchorOfAnyAsync(connection, tx, [uid], ct) ?? uid;
        }

        string? Map(string? uid) => uid is null ? null : map.GetValueOrDefault(uid, uid);
        return a with
        {
            StudyInstanceUid = anchor,
            BaselineStudyUid = Map(a.BaselineStudyUid),
            Sites = [.. a.Sites.Select(s => s.Progression is { } p ? s with { Progression = p with { BaselineStudyUid = Map(p.BaselineStudyUid) } } : s)],
        };
    }

    private static async Task<string?> AnchorOfAnyAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<string> studies, CancellationToken ct)
    {
        foreach (var study in studies)
        {
            await using var command = IndexDatabase.Command(connection, tx,
                "SELECT anchor_study_uid FROM timepoint_studies WHERE study_uid = @s", ("@s", study));
            if (await command.ExecuteScalarAsync(ct) is string anchor)
            {
                return anchor;
            }
        }

        return null;
    }

    private async Task MapStudiesAsync(DbConnection connection, DbTransaction tx, IEnumerable<string> studies, string anchor, string patientId,
        CancellationToken ct)
    {
        foreach (var study in studies)
        {
            await using var command = IndexDatabase.Command(connection, tx, """
                INSERT INTO timepoint_studies (study_uid, anchor_study_uid, patient_id, updated_ms) VALUES (@s, @a, @p, @now)
                ON CONFLICT (study_uid) DO UPDATE SET anchor_study_uid = excluded.anchor_study_uid, updated_ms = excluded.updated_ms
                WHERE timepoint_studies.anchor_study_uid <> excluded.anchor_study_uid
                """, ("@s", study), ("@a", anchor), ("@p", patientId), ("@now", clock.GetUtcNow().ToUnixTimeMilliseconds()));
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The anchor's study date (YYYYMMDD), else the earliest date among the timepoint's studies.</summary>
    private static string? TimepointDate(OligoProgressionAssessed a)
    {
        var dates = a.StudiesUsed.Where(s => s.Role != StudyRoles.Baseline && s.StudyDate is not null).ToList();
        var date = dates.FirstOrDefault(s => s.StudyInstanceUid == a.StudyInstanceUid)?.StudyDate ?? dates.Select(s => s.StudyDate).Min();
        return date?.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
    }
}
