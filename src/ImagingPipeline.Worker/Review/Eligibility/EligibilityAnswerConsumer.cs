using ImagingPipeline.Contracts;
using MassTransit;

namespace ImagingPipeline.Worker.Review.Eligibility;

/// <summary>Takes the eligibility consumer's answers back into the worker so the review page shows them.</summary>
internal sealed partial class EligibilityAnswerConsumer(EligibilityAnswers answers, ILogger<EligibilityAnswerConsumer> logger)
    : IConsumer<ImagingEligibilityAssessed>
{
    public async Task Consume(ConsumeContext<ImagingEligibilityAssessed> context)
    {
        var answer = context.Message;
        if (string.IsNullOrWhiteSpace(answer.StudyInstanceUid) || answer.Version < 1 || answer.AssessmentVersion < 1)
        {
            throw new ArgumentException("an eligibility answer names its study, its version and the assessment version");
        }

        var messageId = context.MessageId ?? MessageIds.For(answer);
        if (await answers.AddAsync(answer, messageId, context.CancellationToken))
        {
            LogStored(logger, answer.Version, answer.AssessmentVersion, answer.ImagingCriteria);
        }
    }

    [LoggerMessage(7100, LogLevel.Information, "Eligibility answer version {Version} for assessment version {AssessmentVersion}: {Status}")]
    private static partial void LogStored(ILogger logger, int version, int assessmentVersion, CriterionStatus status);
}
