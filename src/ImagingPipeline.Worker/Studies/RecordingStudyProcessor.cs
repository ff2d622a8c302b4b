using ImagingPipeline.Worker.Index;

namespace ImagingPipeline.Worker.Studies;

/// <summary>Default processor: records the processed version with its series and instance counts.</summary>
internal sealed class RecordingStudyProcessor(StudyIndex index) : IStudyProcessor
{
    public const string Name = "recorder";

    public Task<string?> ProcessAsync(StudyProcessingContext context, CancellationToken ct) =>
        index.Database.InTransactionAsync<string?>(async (connection, tx) =>
        {
            await index.RecordProcessedAsync(connection, tx, context.StudyInstanceUid, context.Version, Name, ct);
            return await index.MarkExtractedAsync(connection, tx, context.StudyInstanceUid, context.Version, "recorded", ct) is null
                ? null
                : StudyState.Extracted;
        }, ct);
}
