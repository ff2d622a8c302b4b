using MassTransit;

namespace ImagingPipeline.Worker.Review.Eligibility;

/// <summary>Queue <c>review-eligibility-answers</c>, shared by all worker replicas (the answers go to the index); immediate retries, then _error.</summary>
internal sealed class EligibilityAnswerConsumerDefinition : ConsumerDefinition<EligibilityAnswerConsumer>
{
    public const string Queue = "review-eligibility-answers";

    public EligibilityAnswerConsumerDefinition() => EndpointName = Queue;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<EligibilityAnswerConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Intervals(100, 500, 1000));
    }
}
