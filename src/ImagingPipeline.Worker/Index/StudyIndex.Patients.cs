using System.Globalization;
using ImagingPipeline.Worker.Studies;

namespace ImagingPipeline.Worker.Index;

/// <summary>What extraction reads from the index: a patient's studies and their files.</summary>
internal sealed partial class StudyIndex
{
    /// <summary>
    /// The instance files (paths relative to the store root, in study, series, instance order) of
    /// every study with <paramref name="patientId"/> that is closed (any state but Receiving), plus
    /// those of <paramref name="processingStudyUid"/>. A study still receiving is left out: its own
    /// completion brings it in.
    /// </summary>
    public async Task<IReadOnlyList<(string StudyUid, string RelativePath)>> PatientFilesAsync(string patientId, string processingStudyUid,
        CancellationToken ct)
    {
        var files = new List<(string, string)>();
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null, """
            SELECT i.study_uid, i.path FROM instances i JOIN studies s ON s.study_uid = i.study_uid
            WHERE s.patient_id = @patient AND (s.state <> @receiving OR s.study_uid = @study)
            ORDER BY i.study_uid, i.series_uid, i.sop_instance_uid
            """, ("patient", patientId), ("receiving", StudyState.Receiving), ("study", processingStudyUid));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            files.Add((reader.GetString(0), reader.GetString(1)));
        }

        return files;
    }

    /// <summary>The time and reason of the study's last Receiving → Complete transition (or reprocess request) for <paramref name="version"/>.</summary>
    public async Task<(DateTimeOffset At, string? Reason)?> CompletedAsync(string studyUid, int version, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null, """
            SELECT at_ms, reason FROM study_history
            WHERE study_uid = @uid AND version = @version AND to_state = @complete ORDER BY id DESC LIMIT 1
            """, ("uid", studyUid), ("version", version), ("complete", StudyState.Complete));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? (DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture)), reader.IsDBNull(1) ? null : reader.GetString(1))
            : null;
    }
}
