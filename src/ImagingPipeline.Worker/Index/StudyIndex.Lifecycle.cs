using System.Data.Common;
using System.Globalization;
using ImagingPipeline.Worker.Studies;

namespace ImagingPipeline.Worker.Index;

/// <summary>
/// State transitions. Every transition is a conditional UPDATE (… WHERE state = expected), so with
/// several workers on one database exactly one of them wins each step.
/// </summary>
internal sealed partial class StudyIndex
{
    /// <summary>Receiving studies whose last instance arrived at or before <paramref name="beforeMs"/>.</summary>
    public async Task<IReadOnlyList<(string StudyUid, long LastReceivedMs)>> ReceivingQuietSinceAsync(long beforeMs, CancellationToken ct)
    {
        var result = new List<(string, long)>();
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null,
            "SELECT study_uid, last_received_ms FROM studies WHERE state = @state AND last_received_ms <= @before ORDER BY last_received_ms",
            ("state", StudyState.Receiving), ("before", beforeMs));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return result;
    }

    /// <summary>Studies in <paramref name="state"/> not updated since <paramref name="beforeMs"/>.</summary>
    public async Task<IReadOnlyList<string>> InStateSinceAsync(string state, long beforeMs, CancellationToken ct)
    {
        var result = new List<string>();
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null,
            "SELECT study_uid FROM studies WHERE state = @state AND updated_ms <= @before ORDER BY updated_ms",
            ("state", state), ("before", beforeMs));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    /// <summary>
    /// True when the study's content says it is whole: it has PET series or RT structure set
    /// references, every PET series holds (0054,0081) Number of Slices images, and every image a
    /// structure set references is in the index.
    /// </summary>
    public async Task<bool> IsContentWholeAsync(string studyUid, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var evidence = false;
        await using (var pet = IndexDatabase.Command(connection, null, """
            SELECT s.number_of_slices, COUNT(i.sop_instance_uid) FROM series s
            LEFT JOIN instances i ON i.series_uid = s.series_uid
            WHERE s.study_uid = @uid AND s.modality = 'PT'
            GROUP BY s.series_uid, s.number_of_slices
            """, ("uid", studyUid)))
        {
            await using var reader = await pet.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                evidence = true;
                if (reader.IsDBNull(0) || reader.GetInt64(1) < Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture))
                {
                    return false;
                }
            }
        }

        await using var refs = IndexDatabase.Command(connection, null, """
            SELECT COUNT(*), COALESCE(SUM(CASE WHEN x.sop_instance_uid IS NULL THEN 1 ELSE 0 END), 0)
            FROM instance_references r
            JOIN instances i ON i.sop_instance_uid = r.sop_instance_uid
            LEFT JOIN instances x ON x.sop_instance_uid = r.referenced_sop_instance_uid
            WHERE i.study_uid = @uid
            """, ("uid", studyUid));
        await using var refReader = await refs.ExecuteReaderAsync(ct);
        await refReader.ReadAsync(ct);
        var total = Convert.ToInt64(refReader.GetValue(0), CultureInfo.InvariantCulture);
        var missing = Convert.ToInt64(refReader.GetValue(1), CultureInfo.InvariantCulture);
        return (evidence || total > 0) && missing == 0;
    }

    /// <summary>Receiving → Complete, only if nothing arrived since <paramref name="seenLastReceivedMs"/>.</summary>
    public Task<int?> TryCloseAsync(string studyUid, long seenLastReceivedMs, string reason, CancellationToken ct) =>
        TransitionAsync(studyUid, StudyState.Receiving, StudyState.Complete, reason,
            " AND last_received_ms = @seen", ct, ("seen", seenLastReceivedMs));

    /// <summary>Complete → Extracting: the caller has claimed the study and must process it.</summary>
    public Task<int?> TryClaimAsync(string studyUid, CancellationToken ct) =>
        TransitionAsync(studyUid, StudyState.Complete, StudyState.Extracting, "processing started", "", ct);

    /// <summary>Extracting → <paramref name="to"/> for the claimed version (a reopened study is left alone).</summary>
    public Task<int?> TryFinishAsync(string studyUid, int version, string to, string? reason, CancellationToken ct) =>
        TransitionAsync(studyUid, StudyState.Extracting, to, reason, " AND version = @version", ct, ("version", version));

    /// <summary>A study stuck in Extracting (its worker died) goes back to Complete.</summary>
    public Task<int?> TryReleaseAsync(string studyUid, long notUpdatedSinceMs, CancellationToken ct) =>
        TransitionAsync(studyUid, StudyState.Extracting, StudyState.Complete, "processing lease expired",
            " AND updated_ms <= @before", ct, ("before", notUpdatedSinceMs));

    /// <summary>Extracted, Published or Failed → Complete on an operator's request.</summary>
    public async Task<int?> TryReprocessAsync(string studyUid, CancellationToken ct)
    {
        foreach (var from in new[] { StudyState.Extracted, StudyState.Published, StudyState.Failed })
        {
            var version = await TransitionAsync(studyUid, from, StudyState.Complete, "reprocess requested", "", ct);
            if (version is not null)
            {
                return version;
            }
        }

        return null;
    }

    /// <summary>Runs one conditional transition with its history row; returns the study's version when it applied.</summary>
    private Task<int?> TransitionAsync(string studyUid, string from, string to, string? reason, string extraCondition,
        CancellationToken ct, params (string Name, object? Value)[] extra) =>
        db.InTransactionAsync(
            (connection, tx) => TransitionAsync(connection, tx, studyUid, from, to, reason, extraCondition, ct, extra), ct);

    /// <summary>One conditional transition with its history row inside the caller's transaction.</summary>
    internal async Task<int?> TransitionAsync(DbConnection connection, DbTransaction tx, string studyUid, string from, string to,
        string? reason, string extraCondition, CancellationToken ct, params (string Name, object? Value)[] extra)
    {
        var now = NowMs;
        (string, object?)[] parameters =
        [
            ("to", to), ("reason", to == StudyState.Failed ? reason : null), ("now", now), ("uid", studyUid), ("from", from),
            .. extra,
        ];
        await using var command = IndexDatabase.Command(connection, tx,
            "UPDATE studies SET state = @to, state_reason = @reason, updated_ms = @now WHERE study_uid = @uid AND state = @from"
            + extraCondition + " RETURNING version", parameters);
        var result = await command.ExecuteScalarAsync(ct);
        if (result is null or DBNull)
        {
            return null;
        }

        var version = Convert.ToInt32(result, CultureInfo.InvariantCulture);
        await AddHistoryAsync(connection, tx, studyUid, from, to, reason, version, now, ct);
        return version;
    }

    /// <summary>Records that <paramref name="processor"/> processed this version of the study (idempotent).</summary>
    public async Task<bool> RecordProcessedAsync(string studyUid, int version, string processor, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await RecordProcessedAsync(connection, null, studyUid, version, processor, ct);
    }

    /// <summary>The same inside the caller's transaction (with the results it stands for).</summary>
    internal async Task<bool> RecordProcessedAsync(DbConnection connection, DbTransaction? tx, string studyUid, int version,
        string processor, CancellationToken ct) =>
        await ExecuteAsync(connection, tx, """
            INSERT INTO study_processing (study_uid, version, processor, series_count, instance_count, processed_ms)
            SELECT @uid, @version, @processor,
                (SELECT COUNT(*) FROM series WHERE study_uid = @uid),
                (SELECT COUNT(*) FROM instances WHERE study_uid = @uid), @now
            WHERE 1 = 1
            ON CONFLICT (study_uid, version, processor) DO NOTHING
            """, ct, ("uid", studyUid), ("version", version), ("processor", processor), ("now", NowMs)) == 1;
}
