using ImagingPipeline.Worker.Index;

namespace ImagingPipeline.Worker.Studies;

/// <summary>Default processor: records the processed version with its series and instance counts.</summary>
internal sealed class RecordingStudyProcessor(StudyIndex index) : IStudyProcessor
{
    public const string Name = "recorder";

    public async Task<string> ProcessAsync(StudyProcessingContext context, CancellationToken ct)
    {
        await index.RecordProcessedAsync(context.StudyInstanceUid, context.Version, Name, ct);
        return StudyState.Extracted;
    }
}
