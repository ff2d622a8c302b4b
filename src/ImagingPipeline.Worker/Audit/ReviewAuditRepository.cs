using System.Data.Common;
using System.Globalization;
using System.Text;
using ImagingPipeline.Worker.Index;

namespace ImagingPipeline.Worker.Audit;

/// <summary>
/// The review audit trail, read from the tables the review already appends to: <c>review_decisions</c> (every
/// decision, never updated) and <c>review_signoffs</c> (every sign-off), with the patient from <c>assessments</c>.
/// Nothing is copied: the rows the review page acts on are the audit record.
/// </summary>
internal sealed class ReviewAuditRepository(IndexDatabase db)
{
    private const string Events = """
        SELECT 'decision' AS kind, d.decided_ms AS at_ms, d.decided_by AS actor, d.decided_role AS actor_role,
            d.anchor_study_uid AS anchor, d.assessment_version AS assessment_version, NULL AS review_version, d.site_id AS site_id,
            d.progressive AS progressive, d.sbrt_suitable AS sbrt_suitable, d.reason AS reason,
            d.nodal_region_override AS region, d.merged_into AS merged_into, d.counted_separately AS separately,
            NULL AS extracranial, NULL AS intracranial, d.id AS seq
        FROM review_decisions d
        UNION ALL
        SELECT 'sign-off', s.signed_ms, s.signed_by, s.signed_role, s.anchor_study_uid, s.assessment_version, s.review_version, NULL,
            NULL, NULL, NULL, NULL, NULL, NULL, s.extracranial_site_count, s.intracranial_lesion_count, s.review_version
        FROM review_signoffs s
        """;

    /// <summary>Decisions and sign-offs matching <paramref name="query"/>, newest first.</summary>
    public async Task<IReadOnlyList<ReviewAuditEntry>> ListAsync(ReviewAuditQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder($"""
            SELECT e.kind, e.at_ms, e.actor, e.actor_role, a.patient_id, a.issuer_of_patient_id, e.anchor, e.assessment_version,
                e.review_version, e.site_id, e.progressive, e.sbrt_suitable, e.reason, e.region, e.merged_into, e.separately,
                e.extracranial, e.intracranial
            FROM ({Events}) e
            JOIN assessments a ON a.anchor_study_uid = e.anchor AND a.version = e.assessment_version
            WHERE 1 = 1
            """);
        var parameters = new List<(string, object?)>();
        if (query.From is { } from)
        {
            sql.Append(" AND e.at_ms >= @from");
            parameters.Add(("@from", from.ToUnixTimeMilliseconds()));
        }

        if (query.To is { } to)
        {
            sql.Append(" AND e.at_ms <= @to");
            parameters.Add(("@to", to.ToUnixTimeMilliseconds()));
        }

        if (!string.IsNullOrEmpty(query.PatientId))
        {
            sql.Append(" AND a.patient_id = @patient");
            parameters.Add(("@patient", query.PatientId));
        }

        // A sign-off after the decisions it closes, when both fall in the same millisecond.
        sql.Append(" ORDER BY e.at_ms DESC, e.kind DESC, e.seq DESC LIMIT @limit");
        parameters.Add(("@limit", query.Limit));
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null, sql.ToString(), [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<ReviewAuditEntry>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(new ReviewAuditEntry
            {
                Kind = reader.GetString(0),
                At = DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture)),
                User = reader.GetString(2),
                Role = Text(reader, 3),
                PatientId = reader.GetString(4),
                IssuerOfPatientId = Text(reader, 5),
                StudyInstanceUid = reader.GetString(6),
                AssessmentVersion = Int(reader, 7) ?? 0,
                ReviewVersion = Int(reader, 8),
                SiteId = Text(reader, 9),
                Progressive = Flag(reader, 10),
                SbrtSuitable = Flag(reader, 11),
                Comment = Text(reader, 12),
                NodalRegionOverride = Text(reader, 13),
                MergedInto = Text(reader, 14),
                CountedSeparately = Flag(reader, 15),
                ExtracranialSiteCount = Int(reader, 16),
                IntracranialLesionCount = Int(reader, 17),
            });
        }

        return list;
    }

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static int? Int(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt32(r.GetValue(i), CultureInfo.InvariantCulture);

    private static bool? Flag(DbDataReader r, int i) => Int(r, i) is { } v ? v == 1 : null;
}
