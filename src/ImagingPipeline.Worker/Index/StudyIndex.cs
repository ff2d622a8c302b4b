using System.Data.Common;
using ImagingPipeline.Worker.Storage;
using ImagingPipeline.Worker.Studies;

namespace ImagingPipeline.Worker.Index;

/// <summary>Instance and study rows: what the store writes on every C-STORE.</summary>
internal sealed partial class StudyIndex
{
    private readonly IndexDatabase db;
    private readonly TimeProvider clock;
    private readonly GroupCommit<InstanceRecord> _recordBatch;

    public StudyIndex(IndexDatabase db, TimeProvider clock)
    {
        this.db = db;
        this.clock = clock;
        // One patient's and one study's rows locked in one order by every batch (PostgreSQL, several workers).
        _recordBatch = new GroupCommit<InstanceRecord>(WriteRecordsAsync,
            static (a, b) => string.CompareOrdinal(a.Header.StudyInstanceUid, b.Header.StudyInstanceUid),
            static e => e is DbException { IsTransient: true } or TimeoutException);
    }

    public IndexDatabase Database => db;

    public long NowMs => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private string ForUpdate => db.Provider == IndexProvider.PostgreSql ? " FOR UPDATE" : "";

    public async Task<StoredInstance?> FindInstanceAsync(string sopInstanceUid, CancellationToken ct)
    {
        await using var session = await db.OpenSessionAsync(ct);
        var command = session.Command(
            "SELECT sop_instance_uid, series_uid, study_uid, sha256, size_bytes, path, version FROM instances WHERE sop_instance_uid = @sop",
            ("sop", sopInstanceUid));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new StoredInstance(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            reader.GetInt64(4), reader.GetString(5), Convert.ToInt32(reader.GetValue(6), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Records one stored instance and its patient, study and series, committed when this returns. A study
    /// that had closed (any state but Receiving) reopens with a higher version. Calls that arrive while another
    /// is being written are committed together, in one transaction (group commit): one fsync of the index for
    /// all of them, and no writer of this process waiting on another's database lock.
    /// </summary>
    public Task RecordInstanceAsync(InstanceHeader h, string relativePath, long sizeBytes, string sha256,
        string receivedFromAe, CancellationToken ct) =>
        _recordBatch.RunAsync(new InstanceRecord(h, relativePath, sizeBytes, sha256, receivedFromAe), ct);

    private async Task WriteRecordsAsync(IReadOnlyList<InstanceRecord> records, CancellationToken ct) =>
        await db.InSessionTransactionAsync(async session =>
        {
            foreach (var record in records)
            {
                await WriteRecordAsync(session, record, ct);
            }

            return true;
        }, ct);

    /// <summary>
    /// One instance's rows in two commands of several statements each (one round trip each on PostgreSQL): the
    /// patient, the study created if new and its state read (locked), then the history, the study's reopening
    /// when it had closed, the series, the instance and its references. The patient's and the series' rows are
    /// rewritten only when the instance adds or changes a value (each rewrite is a page of the index's log to write
    /// and fsync, for every instance of a series).
    /// </summary>
    private async Task WriteRecordAsync(IndexSession session, InstanceRecord record, CancellationToken ct)
    {
        var (h, relativePath, sizeBytes, sha256, receivedFromAe) = record;
        var now = NowMs;
        bool inserted;
        string state;
        int version;
        var first = session.Command($"""
            INSERT INTO patients (patient_id, patient_name, birth_date, sex, updated_ms)
            VALUES (@patient, @name, @birth, @sex, @now)
            ON CONFLICT (patient_id) DO UPDATE SET
                patient_name = COALESCE(excluded.patient_name, patients.patient_name),
                birth_date = COALESCE(excluded.birth_date, patients.birth_date),
                sex = COALESCE(excluded.sex, patients.sex),
                updated_ms = excluded.updated_ms
            WHERE (excluded.patient_name IS NOT NULL AND excluded.patient_name IS DISTINCT FROM patients.patient_name)
                OR (excluded.birth_date IS NOT NULL AND excluded.birth_date IS DISTINCT FROM patients.birth_date)
                OR (excluded.sex IS NOT NULL AND excluded.sex IS DISTINCT FROM patients.sex);
            INSERT INTO studies (study_uid, patient_id, study_date, study_time, accession_number, description,
                state, state_reason, version, first_received_ms, last_received_ms, updated_ms)
            VALUES (@study, @patient, @date, @time, @accession, @description, @receiving, NULL, 1, @now, @now, @now)
            ON CONFLICT (study_uid) DO NOTHING
            RETURNING version;
            SELECT state, version FROM studies WHERE study_uid = @study{ForUpdate}
            """, ("patient", h.PatientId ?? ""), ("name", h.PatientName), ("birth", h.PatientBirthDate), ("sex", h.PatientSex),
            ("now", now), ("study", h.StudyInstanceUid), ("date", h.StudyDate), ("time", h.StudyTime),
            ("accession", h.AccessionNumber), ("description", h.StudyDescription), ("receiving", StudyState.Receiving));
        await using (var reader = await first.ExecuteReaderAsync(ct))
        {
            await NextRowsAsync(reader, first: true, ct);
            inserted = await reader.ReadAsync(ct);
            await NextRowsAsync(reader, first: false, ct);
            if (!await reader.ReadAsync(ct))
            {
                throw new InvalidOperationException($"Study {h.StudyInstanceUid} is not in the index.");
            }

            state = reader.GetString(0);
            version = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        }

        var sql = new System.Text.StringBuilder();
        var parameters = new List<(string Name, object? Value)>
        {
            ("now", now), ("study", h.StudyInstanceUid), ("receiving", StudyState.Receiving),
        };
        const string History = """
            INSERT INTO study_history (study_uid, from_state, to_state, reason, version, at_ms)
            VALUES (@study, @previous, @receiving, @reason, @version, @now);
            """;
        if (inserted)
        {
            sql.AppendLine(History);
            parameters.AddRange([("previous", null), ("reason", "first instance"), ("version", 1)]);
        }
        else
        {
            if (state != StudyState.Receiving)
            {
                sql.AppendLine("""
                    UPDATE studies SET state = @receiving, state_reason = NULL, version = version + 1, updated_ms = @now
                    WHERE study_uid = @study;
                    """).AppendLine(History);
                parameters.AddRange([("previous", state), ("reason", "instance received after the study closed"), ("version", version + 1)]);
            }

            sql.AppendLine("""
                UPDATE studies SET last_received_ms = @now, updated_ms = @now,
                    study_date = COALESCE(study_date, @date), study_time = COALESCE(study_time, @time),
                    accession_number = COALESCE(accession_number, @accession),
                    description = COALESCE(description, @description)
                WHERE study_uid = @study;
                """);
            parameters.AddRange([("date", h.StudyDate), ("time", h.StudyTime), ("accession", h.AccessionNumber),
                ("description", h.StudyDescription)]);
        }

        sql.AppendLine("""
            INSERT INTO series (series_uid, study_uid, modality, series_number, description, frame_of_reference_uid, number_of_slices)
            VALUES (@series, @study, @modality, @series_number, @series_description, @series_frame, @slices)
            ON CONFLICT (series_uid) DO UPDATE SET
                modality = COALESCE(series.modality, excluded.modality),
                series_number = COALESCE(series.series_number, excluded.series_number),
                description = COALESCE(series.description, excluded.description),
                frame_of_reference_uid = COALESCE(series.frame_of_reference_uid, excluded.frame_of_reference_uid),
                number_of_slices = COALESCE(excluded.number_of_slices, series.number_of_slices)
            WHERE (series.modality IS NULL AND excluded.modality IS NOT NULL)
                OR (series.series_number IS NULL AND excluded.series_number IS NOT NULL)
                OR (series.description IS NULL AND excluded.description IS NOT NULL)
                OR (series.frame_of_reference_uid IS NULL AND excluded.frame_of_reference_uid IS NOT NULL)
                OR (excluded.number_of_slices IS NOT NULL AND excluded.number_of_slices IS DISTINCT FROM series.number_of_slices);
            INSERT INTO instances (sop_instance_uid, series_uid, study_uid, sop_class_uid, transfer_syntax_uid,
                instance_number, frame_of_reference_uid, size_bytes, sha256, path, version, received_from_ae, received_ms)
            VALUES (@sop, @series, @study, @class, @ts, @instance_number, @frame, @size, @hash, @path, 1, @ae, @now)
            ON CONFLICT (sop_instance_uid) DO UPDATE SET
                series_uid = excluded.series_uid, study_uid = excluded.study_uid,
                sop_class_uid = excluded.sop_class_uid, transfer_syntax_uid = excluded.transfer_syntax_uid,
                instance_number = excluded.instance_number, frame_of_reference_uid = excluded.frame_of_reference_uid,
                size_bytes = excluded.size_bytes, sha256 = excluded.sha256, path = excluded.path,
                version = instances.version + 1, received_from_ae = excluded.received_from_ae,
                received_ms = excluded.received_ms;
            DELETE FROM instance_references WHERE sop_instance_uid = @sop;
            """);
        parameters.AddRange([("series", h.SeriesInstanceUid), ("modality", h.Modality), ("series_number", h.SeriesNumber),
            ("series_description", h.SeriesDescription), ("series_frame", h.FrameOfReferenceUid), ("slices", h.NumberOfSlices),
            ("sop", h.SopInstanceUid), ("class", h.SopClassUid), ("ts", h.TransferSyntaxUid), ("instance_number", h.InstanceNumber),
            ("frame", h.FrameOfReferenceUid), ("size", sizeBytes), ("hash", sha256), ("path", relativePath), ("ae", receivedFromAe)]);
        var references = h.ReferencedSopInstanceUids.Distinct(StringComparer.Ordinal).ToList();
        for (var i = 0; i < references.Count; i++)
        {
            // Rows of at most 500 per statement: well within the bound-parameter limits of both databases.
            sql.Append(i % 500 == 0 ? "INSERT INTO instance_references (sop_instance_uid, referenced_sop_instance_uid) VALUES " : ", ")
                .Append(System.Globalization.CultureInfo.InvariantCulture, $"(@sop, @ref{i})");
            if (i % 500 == 499 || i == references.Count - 1)
            {
                sql.AppendLine(" ON CONFLICT DO NOTHING;");
            }

            parameters.Add(($"ref{i}", references[i]));
        }

        await session.Command(sql.ToString(), [.. parameters]).ExecuteNonQueryAsync(ct);
    }

    /// <summary>Moves to the next result that has columns: SQLite skips statements without any, PostgreSQL may not.</summary>
    private static async Task NextRowsAsync(DbDataReader reader, bool first, CancellationToken ct)
    {
        if (!first && !await reader.NextResultAsync(ct))
        {
            throw new InvalidOperationException("The index returned fewer results than statements.");
        }

        while (reader.FieldCount == 0)
        {
            if (!await reader.NextResultAsync(ct))
            {
                throw new InvalidOperationException("The index returned fewer results than statements.");
            }
        }
    }

    internal async Task<(string State, int Version)> ReadStateAsync(DbConnection connection, DbTransaction? tx,
        string studyUid, bool lockRow, CancellationToken ct)
    {
        await using var command = IndexDatabase.Command(connection, tx,
            "SELECT state, version FROM studies WHERE study_uid = @uid" + (lockRow ? ForUpdate : ""), ("uid", studyUid));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException($"Study {studyUid} is not in the index.");
        }

        return (reader.GetString(0), Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
    }

    internal static async Task AddHistoryAsync(DbConnection connection, DbTransaction tx, string studyUid, string? from,
        string to, string? reason, int version, long now, CancellationToken ct) =>
        await ExecuteAsync(connection, tx, """
            INSERT INTO study_history (study_uid, from_state, to_state, reason, version, at_ms)
            VALUES (@uid, @from, @to, @reason, @version, @now)
            """, ct, ("uid", studyUid), ("from", from), ("to", to), ("reason", reason), ("version", version), ("now", now));

    internal static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql,
        CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = IndexDatabase.Command(connection, tx, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>What <see cref="StudyIndex.RecordInstanceAsync"/> writes for one stored instance.</summary>
internal sealed record InstanceRecord(InstanceHeader Header, string RelativePath, long SizeBytes, string Sha256, string ReceivedFromAe);
