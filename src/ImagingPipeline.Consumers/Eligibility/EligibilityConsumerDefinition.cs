using MassTransit;

namespace ImagingPipeline.Consumers.Eligibility;

/// <summary>
/// Endpoint "eligibility" (kebab-case), immediate in-memory retries (no delayed redelivery: the
/// broker has no delayed-exchange plugin), then MassTransit's _error queue and a Fault&lt;T&gt;.
/// </summary>
internal sealed class EligibilityConsumerDefinition : ConsumerDefinition<EligibilityConsumer>
{
    public EligibilityConsumerDefinition()
    {
        EndpointName = "eligibility";
        ConcurrentMessageLimit = 1; // answers per study are numbered in order
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<EligibilityConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Intervals(100, 500, 1000));
    }
}
