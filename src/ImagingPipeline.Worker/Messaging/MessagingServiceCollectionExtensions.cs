using ImagingPipeline.Contracts;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Metrics;
using ImagingPipeline.Worker.Outbox;
using MassTransit;

namespace ImagingPipeline.Worker.Messaging;

/// <summary>
/// MassTransit 8 for the worker: RabbitMQ with publisher confirms when ConnectionStrings:RabbitMq is
/// an amqp:// URI, else the in-memory bus. Default System.Text.Json envelope (messageId and
/// messageType in the body), kebab-case endpoint names, exchange per message type. Plus the
/// outbox writer and relay.
/// </summary>
internal static class MessagingServiceCollectionExtensions
{
    /// <param name="consumers">Consumers the worker itself runs on its bus (the review's), or null for none.</param>
    public static IServiceCollection AddImagingPipelineMessaging(this IServiceCollection services, IConfiguration configuration,
        Action<IBusRegistrationConfigurator>? consumers = null)
    {
        var rabbit = configuration.GetConnectionString("RabbitMq");
        services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            consumers?.Invoke(x);
            if (string.IsNullOrWhiteSpace(rabbit))
            {
                x.UsingInMemory((context, cfg) =>
                {
                    cfg.Publish<IVersionedMessage>(p => p.Exclude = true);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                var uri = RabbitMqUri(rabbit);
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(uri, h => h.PublisherConfirmation = true);
                    cfg.Publish<IVersionedMessage>(p => p.Exclude = true); // one exchange per message type, none for the shared interface
                    cfg.ConfigureEndpoints(context);
                });
            }
        });

        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section)
            .Validate(o => o.BatchSize > 0 && o.PollInterval > TimeSpan.Zero && o.ClaimLease > o.PublishTimeout && o.MaxBackoff >= o.PollInterval,
                "Outbox: BatchSize > 0, PollInterval > 0, ClaimLease > PublishTimeout, MaxBackoff >= PollInterval")
            .ValidateOnStart();
        services.AddSingleton<IIndexTables, OutboxSchema>();
        services.AddSingleton<OutboxWriter>();
        services.AddSingleton<OutboxRelay>();
        services.AddSingleton<OutboxMetrics>();
        services.AddSingleton<IMetricsContributor>(sp => sp.GetRequiredService<OutboxMetrics>());
        services.AddHostedService<OutboxRelayService>();
        services.AddHealthChecks().AddCheck<OutboxMetrics>("outbox", tags: ["ready"]);
        return services;
    }

    /// <summary>Parses ConnectionStrings:RabbitMq; only amqp:// and amqps:// are accepted.</summary>
    public static Uri RabbitMqUri(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            throw new InvalidOperationException("ConnectionStrings:RabbitMq must be an amqp:// or amqps:// URI");
        }

        return uri;
    }
}
