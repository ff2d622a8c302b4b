using System.Globalization;
using System.Text.Json;
using ImagingPipeline.Contracts;
using ImagingPipeline.Worker.Assessments;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Outbox;

namespace ImagingPipeline.Worker.Review.Eligibility;

/// <summary>The eligibility consumer's answers as the worker received them (table <c>review_eligibility</c>).</summary>
internal sealed class EligibilityAnswers(IndexDatabase db, TimeProvider clock)
{
    /// <summary>Stores <paramref name="answer"/>; false when that version of the study's answer was already stored.</summary>
    public async Task<bool> AddAsync(ImagingEligibilityAssessed answer, Guid messageId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(answer);
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null, """
            INSERT INTO review_eligibility (study_uid, version, assessment_version, review_version, imaging_criteria, message_id, received_ms, body)
            VALUES (@s, @v, @a, @r, @c, @id, @now, @body) ON CONFLICT (study_uid, version) DO NOTHING
            """,
            ("@s", answer.StudyInstanceUid), ("@v", answer.Version), ("@a", answer.AssessmentVersion), ("@r", answer.ReviewVersion),
            ("@c", answer.ImagingCriteria.ToString()), ("@id", messageId.ToString("D")), ("@now", clock.GetUtcNow().ToUnixTimeMilliseconds()),
            ("@body", JsonSerializer.Serialize(answer, OutboxWriter.Json)));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>The highest answer version for the timepoint, or null when none arrived.</summary>
    public async Task<ImagingEligibilityAssessed?> LatestAsync(string anchorStudyUid, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null,
            "SELECT body FROM review_eligibility WHERE study_uid = @s ORDER BY version DESC LIMIT 1", ("@s", anchorStudyUid));
        return await command.ExecuteScalarAsync(ct) is string body
            ? JsonSerializer.Deserialize<ImagingEligibilityAssessed>(body, OutboxWriter.Json)
            : null;
    }

    /// <summary>The overall status of the latest answer per timepoint among <paramref name="anchors"/>.</summary>
    public async Task<IReadOnlyDictionary<string, (int AssessmentVersion, int? ReviewVersion, string Status)>> LatestStatusAsync(
        IReadOnlyCollection<string> anchors, CancellationToken ct)
    {
        var result = new Dictionary<string, (int, int?, string)>(StringComparer.Ordinal);
        if (anchors.Count == 0)
        {
            return result;
        }

        var names = anchors.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null,
            "SELECT e.study_uid, e.assessment_version, e.review_version, e.imaging_criteria FROM review_eligibility e " +
            $"WHERE e.study_uid IN ({string.Join(", ", names)}) " +
            "AND e.version = (SELECT MAX(x.version) FROM review_eligibility x WHERE x.study_uid = e.study_uid)",
            [.. anchors.Select((a, i) => (names[i], (object?)a))]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetString(0)] = (AssessmentRepository.Int(reader, 1), AssessmentRepository.NullableInt(reader, 2), reader.GetString(3));
        }

        return result;
    }
}
