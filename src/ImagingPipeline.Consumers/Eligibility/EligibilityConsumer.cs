using System.Data.Common;
using ImagingPipeline.Consumers.Storage;
using ImagingPipeline.Contracts;
using MassTransit;

namespace ImagingPipeline.Consumers.Eligibility;

/// <summary>
/// Applies the trial's imaging criteria to each assessment and review and publishes
/// <see cref="ImagingEligibilityAssessed"/>. Drops duplicates by MessageId and superseded versions.
/// The answer is published before the state commits, so a failure retries the whole message and
/// a retried answer carries the same deterministic MessageId.
/// </summary>
internal sealed class EligibilityConsumer(ConsumerStore store, TimeProvider clock, ILogger<EligibilityConsumer> logger)
    : IConsumer<OligoProgressionAssessed>, IConsumer<SiteReviewCompleted>
{
    private const string Name = "eligibility";

    public Task Consume(ConsumeContext<OligoProgressionAssessed> context)
        => HandleAsync(context, context.Message.StudyInstanceUid, (c, t, ct) => ConsumerStore.UpsertAssessmentAsync(c, t, Name, context.Message, ct));

    public Task Consume(ConsumeContext<SiteReviewCompleted> context)
        => HandleAsync(context, context.Message.StudyInstanceUid, (c, t, ct) => ConsumerStore.UpsertReviewAsync(c, t, Name, context.Message, ct));

    private async Task HandleAsync(ConsumeContext context, string studyUid, Func<DbConnection, DbTransaction, CancellationToken, Task<bool>> store1)
    {
        var ct = context.CancellationToken;
        var messageId = context.MessageId ?? throw new InvalidOperationException("message without MessageId: cannot de-duplicate");
        MessageValidation.Validate(context);
        var connection = await store.OpenAsync(ct).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                if (!await ConsumerStore.TryMarkProcessedAsync(connection, tx, Name, messageId, ct).ConfigureAwait(false))
                {
                    Log.Duplicate(logger, messageId);
                    return;
                }

                if (!await store1(connection, tx, ct).ConfigureAwait(false))
                {
                    Log.Superseded(logger, messageId);
                    await tx.CommitAsync(ct).ConfigureAwait(false);
                    return;
                }

                var assessment = await ConsumerStore.GetAssessmentAsync(connection, tx, Name, studyUid, ct).ConfigureAwait(false);
                if (assessment is null)
                {
                    Log.AwaitingAssessment(logger, messageId); // a review ahead of its assessment: answered when it arrives
                    await tx.CommitAsync(ct).ConfigureAwait(false);
                    return;
                }

                var review = await ConsumerStore.GetReviewAsync(connection, tx, Name, studyUid, ct).ConfigureAwait(false);
                var (criteria, overall) = EligibilityRules.Evaluate(assessment, review);
                var version = await ConsumerStore.NextAnswerVersionAsync(connection, tx, studyUid, ct).ConfigureAwait(false);
                var answer = new ImagingEligibilityAssessed
                {
                    StudyInstanceUid = studyUid,
                    PatientId = assessment.PatientId,
                    Version = version,
                    AssessmentVersion = assessment.Version,
                    ReviewVersion = review?.AssessmentVersion == assessment.Version ? review.Version : null,
                    Criteria = criteria,
                    ImagingCriteria = overall,
                    EvaluatedAt = clock.GetUtcNow(),
                };
                await context.Publish(answer, p => p.MessageId = MessageIds.For(answer), ct).ConfigureAwait(false);
                await tx.CommitAsync(ct).ConfigureAwait(false);
                Log.Answered(logger, version, overall);
            }
        }
    }
}
