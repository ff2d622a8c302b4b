using System.Data.Common;
using ImagingPipeline.Worker.Studies;

namespace ImagingPipeline.Worker.Index;

/// <summary>
/// The two transitions that belong to results and their messages, run inside the caller's
/// transaction: Extracting → Extracted commits with the results and their outbox rows, and
/// Extracted → Published commits with the outbox row whose confirm was the last one pending.
/// </summary>
internal sealed partial class StudyIndex
{
    /// <summary>Extracting → Extracted for the claimed version; null when the study was reopened or released meanwhile (the caller rolls back).</summary>
    public Task<int?> MarkExtractedAsync(DbConnection connection, DbTransaction tx, string studyUid, int version, string reason, CancellationToken ct) =>
        TransitionAsync(connection, tx, studyUid, StudyState.Extracting, StudyState.Extracted, reason, " AND version = @version", ct,
            ("version", version));

    /// <summary>Extracted → Published when no outbox row written by this study version is still pending.</summary>
    public Task<int?> TryMarkPublishedAsync(DbConnection connection, DbTransaction tx, string studyUid, int version, CancellationToken ct) =>
        TransitionAsync(connection, tx, studyUid, StudyState.Extracted, StudyState.Published, "every message confirmed by the broker",
            " AND version = @version AND NOT EXISTS (SELECT 1 FROM outbox_messages o " +
            "WHERE o.origin_study_uid = @uid AND o.origin_version = @version AND o.sent_at IS NULL)", ct,
            ("version", version));
}
