using ImagingPipeline.Worker.Index;

namespace ImagingPipeline.Worker.Review.Eligibility;

/// <summary>
/// <c>review_eligibility</c>: every ImagingEligibilityAssessed the worker consumed, one row per
/// (timepoint anchor study, answer version), the message as JSON. A redelivered answer (same
/// MessageId, same version) is stored once.
/// </summary>
internal sealed class EligibilityAnswerSchema : IIndexTables
{
    public Task CreateAsync(IndexDatabase database, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        string[] statements =
        [
            """
            CREATE TABLE IF NOT EXISTS review_eligibility (
                study_uid TEXT NOT NULL,
                version INTEGER NOT NULL,
                assessment_version INTEGER NOT NULL,
                review_version INTEGER NULL,
                imaging_criteria TEXT NOT NULL,
                message_id TEXT NOT NULL,
                received_ms BIGINT NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (study_uid, version))
            """,
        ];
        return IndexDdl.ApplyAsync(database, statements, ct);
    }
}
