using MassTransit;

namespace ImagingPipeline.Consumers.Planning;

/// <summary>Endpoint "sbrt-planning" with immediate in-memory retries, then _error and Fault&lt;T&gt;.</summary>
internal sealed class SbrtPlanningConsumerDefinition : ConsumerDefinition<SbrtPlanningConsumer>
{
    public SbrtPlanningConsumerDefinition()
    {
        EndpointName = "sbrt-planning";
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SbrtPlanningConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Intervals(100, 500, 1000));
    }
}
