using ImagingPipeline.Worker.Index;

namespace ImagingPipeline.Worker.Assessments;

/// <summary>
/// Result tables in the index database (same DDL for SQLite and PostgreSQL; times in Unix ms,
/// booleans as INTEGER 0/1, NULL for undecided):
/// <list type="bullet">
/// <item><c>assessments</c>: one row per patient timepoint (its anchor study) and version, the
/// OligoProgressionAssessed body as JSON plus queryable columns.</item>
/// <item><c>review_decisions</c>: the audit trail of a radiotherapist's per-site decisions, append
/// only; the latest row per (anchor, assessment version, site) is the current decision. <c>decided_role</c>
/// is the reviewer's role (null in rows written before it was recorded).</item>
/// <item><c>review_signoffs</c>: per study sign-offs, each the SiteReviewCompleted it published; <c>signed_role</c>
/// as above.</item>
/// <item><c>timepoint_studies</c>: which timepoint (anchor study) each assessed study belongs to, so
/// the versions of a timepoint keep one anchor even when its latest structure set moves to another study.</item>
/// </list>
/// </summary>
internal sealed class AssessmentSchema : IIndexTables
{
    public Task CreateAsync(IndexDatabase database, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        var identity = IndexDdl.IdentityColumn(database.Provider);
        string[] statements =
        [
            """
            CREATE TABLE IF NOT EXISTS assessments (
                anchor_study_uid TEXT NOT NULL,
                version INTEGER NOT NULL,
                patient_id TEXT NOT NULL,
                issuer_of_patient_id TEXT NULL,
                supersedes_version INTEGER NULL,
                timepoint_date TEXT NULL,
                origin_study_uid TEXT NOT NULL,
                origin_version INTEGER NOT NULL,
                content_hash TEXT NOT NULL,
                site_count INTEGER NOT NULL,
                extracranial_site_count INTEGER NOT NULL,
                intracranial_lesion_count INTEGER NOT NULL,
                nodal_region_count INTEGER NOT NULL,
                created_ms BIGINT NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (anchor_study_uid, version))
            """,
            "CREATE INDEX IF NOT EXISTS ix_assessments_patient ON assessments (patient_id, timepoint_date)",
            "CREATE INDEX IF NOT EXISTS ix_assessments_created ON assessments (created_ms)",
            """
            CREATE TABLE IF NOT EXISTS timepoint_studies (
                study_uid TEXT PRIMARY KEY,
                anchor_study_uid TEXT NOT NULL,
                patient_id TEXT NOT NULL,
                updated_ms BIGINT NOT NULL)
            """,
            $"""
            CREATE TABLE IF NOT EXISTS review_decisions (
                id {identity},
                anchor_study_uid TEXT NOT NULL,
                assessment_version INTEGER NOT NULL,
                site_id TEXT NOT NULL,
                progressive INTEGER NULL,
                sbrt_suitable INTEGER NULL,
                reason TEXT NULL,
                nodal_region_override TEXT NULL,
                merged_into TEXT NULL,
                counted_separately INTEGER NOT NULL,
                decided_by TEXT NOT NULL,
                decided_ms BIGINT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS ix_review_decisions ON review_decisions (anchor_study_uid, assessment_version, site_id, id)",
            """
            CREATE TABLE IF NOT EXISTS review_signoffs (
                anchor_study_uid TEXT NOT NULL,
                review_version INTEGER NOT NULL,
                assessment_version INTEGER NOT NULL,
                signed_by TEXT NOT NULL,
                signed_ms BIGINT NOT NULL,
                extracranial_site_count INTEGER NOT NULL,
                intracranial_lesion_count INTEGER NOT NULL,
                message_id TEXT NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (anchor_study_uid, review_version))
            """,
        ];
        return IndexDdl.ApplyAsync(database, statements, ct,
            ("review_decisions", "decided_role", "TEXT NULL"), ("review_signoffs", "signed_role", "TEXT NULL"));
    }
}
