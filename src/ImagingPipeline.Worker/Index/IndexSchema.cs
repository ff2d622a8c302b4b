namespace ImagingPipeline.Worker.Index;

/// <summary>The index tables, created on start when absent (same DDL for SQLite and PostgreSQL).</summary>
internal static class IndexSchema
{
    public static async Task CreateAsync(IndexDatabase db, CancellationToken ct)
    {
        var identity = IndexDdl.IdentityColumn(db.Provider);
        string[] statements =
        [
            """
            CREATE TABLE IF NOT EXISTS patients (
                patient_id TEXT PRIMARY KEY,
                patient_name TEXT NULL,
                birth_date TEXT NULL,
                sex TEXT NULL,
                updated_ms BIGINT NOT NULL)
            """,
            """
            CREATE TABLE IF NOT EXISTS studies (
                study_uid TEXT PRIMARY KEY,
                patient_id TEXT NOT NULL,
                study_date TEXT NULL,
                study_time TEXT NULL,
                accession_number TEXT NULL,
                description TEXT NULL,
                state TEXT NOT NULL,
                state_reason TEXT NULL,
                version INTEGER NOT NULL,
                first_received_ms BIGINT NOT NULL,
                last_received_ms BIGINT NOT NULL,
                updated_ms BIGINT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS ix_studies_state ON studies (state, last_received_ms)",
            "CREATE INDEX IF NOT EXISTS ix_studies_patient ON studies (patient_id)",
            """
            CREATE TABLE IF NOT EXISTS series (
                series_uid TEXT PRIMARY KEY,
                study_uid TEXT NOT NULL,
                modality TEXT NULL,
                series_number TEXT NULL,
                description TEXT NULL,
                frame_of_reference_uid TEXT NULL,
                number_of_slices INTEGER NULL)
            """,
            "CREATE INDEX IF NOT EXISTS ix_series_study ON series (study_uid)",
            """
            CREATE TABLE IF NOT EXISTS instances (
                sop_instance_uid TEXT PRIMARY KEY,
                series_uid TEXT NOT NULL,
                study_uid TEXT NOT NULL,
                sop_class_uid TEXT NOT NULL,
                transfer_syntax_uid TEXT NOT NULL,
                instance_number TEXT NULL,
                frame_of_reference_uid TEXT NULL,
                size_bytes BIGINT NOT NULL,
                sha256 TEXT NOT NULL,
                path TEXT NOT NULL,
                version INTEGER NOT NULL,
                received_from_ae TEXT NOT NULL,
                received_ms BIGINT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS ix_instances_series ON instances (series_uid)",
            "CREATE INDEX IF NOT EXISTS ix_instances_study ON instances (study_uid)",
            """
            CREATE TABLE IF NOT EXISTS instance_references (
                sop_instance_uid TEXT NOT NULL,
                referenced_sop_instance_uid TEXT NOT NULL,
                PRIMARY KEY (sop_instance_uid, referenced_sop_instance_uid))
            """,
            $"""
            CREATE TABLE IF NOT EXISTS study_history (
                id {identity},
                study_uid TEXT NOT NULL,
                from_state TEXT NULL,
                to_state TEXT NOT NULL,
                reason TEXT NULL,
                version INTEGER NOT NULL,
                at_ms BIGINT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS ix_history_study ON study_history (study_uid)",
            """
            CREATE TABLE IF NOT EXISTS study_processing (
                study_uid TEXT NOT NULL,
                version INTEGER NOT NULL,
                processor TEXT NOT NULL,
                series_count INTEGER NOT NULL,
                instance_count INTEGER NOT NULL,
                processed_ms BIGINT NOT NULL,
                PRIMARY KEY (study_uid, version, processor))
            """,
        ];

        await IndexDdl.ApplyAsync(db, statements, ct);
    }
}
