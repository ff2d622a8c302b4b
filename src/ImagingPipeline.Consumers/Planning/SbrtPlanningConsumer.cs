using System.Data.Common;
using ImagingPipeline.Consumers.Storage;
using ImagingPipeline.Contracts;
using MassTransit;

namespace ImagingPipeline.Consumers.Planning;

/// <summary>
/// Keeps the per-patient SBRT worklist: the extracranial sites a radiotherapist confirmed
/// progressive and SBRT-suitable in the review of the current assessment version, nodes grouped
/// into treatable regions (one region may hold several nodes; each other site is its own target).
/// </summary>
internal sealed class SbrtPlanningConsumer(ConsumerStore store, ILogger<SbrtPlanningConsumer> logger)
    : IConsumer<OligoProgressionAssessed>, IConsumer<SiteReviewCompleted>
{
    private const string Name = "sbrt-planning";

    public Task Consume(ConsumeContext<OligoProgressionAssessed> context)
        => HandleAsync(context, context.Message.StudyInstanceUid, (c, t, ct) => ConsumerStore.UpsertAssessmentAsync(c, t, Name, context.Message, ct));

    public Task Consume(ConsumeContext<SiteReviewCompleted> context)
        => HandleAsync(context, context.Message.StudyInstanceUid, (c, t, ct) => ConsumerStore.UpsertReviewAsync(c, t, Name, context.Message, ct));

    /// <summary>The targets of an assessment given its review (empty until reviewed).</summary>
    public static IReadOnlyList<WorklistTarget> Targets(OligoProgressionAssessed assessment, SiteReviewCompleted? review)
    {
        if (review is null || review.AssessmentVersion != assessment.Version)
        {
            return [];
        }

        var decisions = review.Decisions.ToDictionary(d => d.SiteId, StringComparer.Ordinal);
        var byId = assessment.Sites.ToDictionary(s => s.SiteId, StringComparer.Ordinal);
        var list = new List<WorklistTarget>();
        foreach (var site in assessment.Sites.Where(s => !s.IsIntracranial))
        {
            if (!decisions.TryGetValue(site.SiteId, out var d) || d.Progressive != true || d.SbrtSuitable != true)
            {
                continue;
            }

            var treatable = SiteCounting.GroupOf(site, byId, decisions).Label;
            list.Add(new WorklistTarget(assessment.PatientId, assessment.StudyInstanceUid, assessment.Version, review.Version,
                site.SiteId, site.RoiName, treatable, site.FrameOfReferenceUid, site.CentroidMm, site.VolumeCc));
        }

        return list;
    }

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

                if (await store1(connection, tx, ct).ConfigureAwait(false)
                    && await ConsumerStore.GetAssessmentAsync(connection, tx, Name, studyUid, ct).ConfigureAwait(false) is { } assessment)
                {
                    var review = await ConsumerStore.GetReviewAsync(connection, tx, Name, studyUid, ct).ConfigureAwait(false);
                    var targets = Targets(assessment, review);
                    await ConsumerStore.ReplaceTargetsAsync(connection, tx, studyUid, targets, ct).ConfigureAwait(false);
                    Log.Worklist(logger, targets.Count);
                }

                await tx.CommitAsync(ct).ConfigureAwait(false);
            }
        }
    }
}
