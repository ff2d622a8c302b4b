using System.Data.Common;
using System.Text.Json;
using ImagingPipeline.Contracts;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Studies;

namespace ImagingPipeline.Worker.Outbox;

/// <summary>
/// Adds messages to the outbox inside the caller's transaction, so results and the messages that
/// announce them commit or roll back together. The MessageId is deterministic
/// (<see cref="MessageIds"/>); adding the same message again is a no-op. A row may name its
/// origin, the study version whose processing wrote it: that study becomes Published once all of
/// its origin's rows are confirmed.
/// </summary>
internal sealed class OutboxWriter(TimeProvider clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds <paramref name="message"/>; returns its MessageId.</summary>
    public async Task<Guid> AddAsync<T>(DbConnection connection, DbTransaction transaction, T message, CancellationToken ct,
        string? siteId = null, StudyProcessingContext? origin = null)
        where T : class, IVersionedMessage
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = MessageIds.For(message, siteId);
        await using var command = IndexDatabase.Command(connection, transaction,
            "INSERT INTO outbox_messages (message_id, message_type, body, study_uid, created_at, origin_study_uid, origin_version) " +
            "VALUES (@id, @type, @body, @study, @now, @origin, @originVersion) ON CONFLICT (message_id) DO NOTHING",
            ("@id", id.ToString("D")), ("@type", OutboxMessageTypes.NameOf(typeof(T))), ("@body", JsonSerializer.Serialize(message, Json)),
            ("@study", message.StudyInstanceUid), ("@now", clock.GetUtcNow().UtcTicks),
            ("@origin", origin?.StudyInstanceUid), ("@originVersion", origin?.Version));
        await command.ExecuteNonQueryAsync(ct);
        return id;
    }

    /// <summary>One ProgressiveSiteIdentified per site (intracranial ones included, flagged), then the assessment.</summary>
    public async Task AddAssessmentAsync(DbConnection connection, DbTransaction transaction, OligoProgressionAssessed assessment,
        CancellationToken ct, StudyProcessingContext? origin = null)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        for (var i = 0; i < assessment.Sites.Count; i++)
        {
            var site = assessment.Sites[i];
            await AddAsync(connection, transaction, new ProgressiveSiteIdentified
            {
                StudyInstanceUid = assessment.StudyInstanceUid,
                PatientId = assessment.PatientId,
                Version = assessment.Version,
                Site = site,
                SiteIndex = i,
                SiteCount = assessment.Sites.Count,
            }, ct, site.SiteId, origin);
        }

        await AddAsync(connection, transaction, assessment, ct, origin: origin);
    }
}
