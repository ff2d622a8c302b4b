using System.Data.Common;
using System.Globalization;
using System.Text;

namespace ImagingPipeline.Worker.Index;

/// <summary>Read models for the REST API and metrics.</summary>
internal sealed partial class StudyIndex
{
    private const string SummaryColumns = """
        s.study_uid, s.patient_id, s.study_date, s.accession_number, s.description, s.state, s.state_reason, s.version,
        (SELECT COUNT(*) FROM series x WHERE x.study_uid = s.study_uid),
        (SELECT COUNT(*) FROM instances i WHERE i.study_uid = s.study_uid),
        s.first_received_ms, s.last_received_ms
        """;

    public async Task<StudyPage> ListStudiesAsync(StudyQuery query, CancellationToken ct)
    {
        var where = new StringBuilder(" WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        if (!string.IsNullOrEmpty(query.PatientId))
        {
            where.Append(" AND s.patient_id = @patient");
            parameters.Add(("patient", query.PatientId));
        }

        if (!string.IsNullOrEmpty(query.State))
        {
            where.Append(" AND s.state = @state");
            parameters.Add(("state", query.State));
        }

        if (!string.IsNullOrEmpty(query.FromDate))
        {
            where.Append(" AND s.study_date >= @from");
            parameters.Add(("from", query.FromDate));
        }

        if (!string.IsNullOrEmpty(query.ToDate))
        {
            where.Append(" AND s.study_date <= @to");
            parameters.Add(("to", query.ToDate));
        }

        await using var connection = await db.OpenAsync(ct);
        long total;
        await using (var count = IndexDatabase.Command(connection, null, "SELECT COUNT(*) FROM studies s" + where, [.. parameters]))
        {
            total = Convert.ToInt64(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }

        parameters.Add(("limit", query.PageSize));
        parameters.Add(("offset", (query.Page - 1) * query.PageSize));
        var items = new List<StudySummary>();
        await using var command = IndexDatabase.Command(connection, null,
            "SELECT " + SummaryColumns + " FROM studies s" + where + " ORDER BY s.last_received_ms DESC, s.study_uid LIMIT @limit OFFSET @offset",
            [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(ReadSummary(reader));
        }

        return new StudyPage(query.Page, query.PageSize, total, items);
    }

    public async Task<StudyDetail?> GetStudyAsync(string studyUid, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        StudySummary summary;
        await using (var command = IndexDatabase.Command(connection, null,
            "SELECT " + SummaryColumns + " FROM studies s WHERE s.study_uid = @uid", ("uid", studyUid)))
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            summary = ReadSummary(reader);
        }

        var series = new List<SeriesSummary>();
        await using (var command = IndexDatabase.Command(connection, null, """
            SELECT x.series_uid, x.modality, x.series_number, x.description, x.frame_of_reference_uid, x.number_of_slices,
                (SELECT COUNT(*) FROM instances i WHERE i.series_uid = x.series_uid)
            FROM series x WHERE x.study_uid = @uid ORDER BY x.series_number, x.series_uid
            """, ("uid", studyUid)))
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                series.Add(new SeriesSummary(reader.GetString(0), Text(reader, 1), Text(reader, 2), Text(reader, 3),
                    Text(reader, 4), reader.IsDBNull(5) ? null : Int(reader, 5), Int(reader, 6)));
            }
        }

        var history = new List<StudyHistoryEntry>();
        await using (var command = IndexDatabase.Command(connection, null,
            "SELECT from_state, to_state, reason, version, at_ms FROM study_history WHERE study_uid = @uid ORDER BY id",
            ("uid", studyUid)))
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                history.Add(new StudyHistoryEntry(Text(reader, 0), reader.GetString(1), Text(reader, 2), Int(reader, 3),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
            }
        }

        return new StudyDetail(summary, series, history);
    }

    /// <summary>Number of studies in each state (every state listed, zero included).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByStateAsync(CancellationToken ct)
    {
        var counts = Studies.StudyState.All.ToDictionary(s => s, _ => 0L, StringComparer.Ordinal);
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null, "SELECT state, COUNT(*) FROM studies GROUP BY state");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>How many times a study was processed (rows in study_processing).</summary>
    public async Task<long> CountProcessedAsync(string studyUid, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null,
            "SELECT COUNT(*) FROM study_processing WHERE study_uid = @uid", ("uid", studyUid));
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static StudySummary ReadSummary(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), Text(r, 2), Text(r, 3), Text(r, 4), r.GetString(5), Text(r, 6), Int(r, 7),
        Int(r, 8), Int(r, 9), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(11)));

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static int Int(DbDataReader r, int i) => Convert.ToInt32(r.GetValue(i), CultureInfo.InvariantCulture);
}
