using ImagingPipeline.Consumers.Eligibility;
using ImagingPipeline.Consumers.Planning;
using ImagingPipeline.Consumers.Storage;
using ImagingPipeline.Contracts;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using MassTransit;

namespace ImagingPipeline.Consumers.Hosting;

/// <summary>Service registration of the reference consumers, grouped by concern.</summary>
internal static class ConsumersHostExtensions
{
    /// <summary>The state store: PostgreSQL when ConnectionStrings:Postgres is set, else a SQLite file (ConnectionStrings:ConsumersSqlite, default consumers.db).</summary>
    public static IServiceCollection AddConsumerStore(this IServiceCollection services, IConfiguration configuration)
    {
        var postgres = configuration.GetConnectionString("Postgres");
        var store = string.IsNullOrWhiteSpace(postgres)
            ? new ConsumerStore(configuration.GetConnectionString("ConsumersSqlite") ?? "Data Source=consumers.db", postgres: false)
            : new ConsumerStore(postgres, postgres: true);
        services.AddSingleton(store);
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>MassTransit: RabbitMQ when ConnectionStrings:RabbitMq is an amqp:// URI, else the in-memory bus.</summary>
    public static IServiceCollection AddConsumersMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        var rabbit = configuration.GetConnectionString("RabbitMq");
        services.AddHealthChecks(); // MassTransit adds its bus check, tagged "ready"
        services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            x.AddConsumer<EligibilityConsumer, EligibilityConsumerDefinition>();
            x.AddConsumer<SbrtPlanningConsumer, SbrtPlanningConsumerDefinition>();
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
                var uri = new Uri(rabbit);
                if (uri.Scheme is not ("amqp" or "amqps"))
                {
                    throw new InvalidOperationException($"ConnectionStrings:RabbitMq must be an amqp:// or amqps:// URI, not '{uri.Scheme}:'");
                }

                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(uri, h => h.PublisherConfirmation = true);
                    cfg.Publish<IVersionedMessage>(p => p.Exclude = true); // one exchange per message type, none for the shared interface
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
        return services;
    }

    /// <summary>GET /api/worklist[?patientId=] — the SBRT planning worklist grouped per patient; /health/live and /health/ready.</summary>
    public static WebApplication MapWorklist(this WebApplication app)
    {
        app.MapGet("/api/worklist", async (string? patientId, ConsumerStore store, CancellationToken ct) =>
        {
            var targets = await store.ListTargetsAsync(patientId, ct).ConfigureAwait(false);
            return Results.Ok(targets.GroupBy(t => t.PatientId).Select(g => new
            {
                patientId = g.Key,
                treatableRegions = g.GroupBy(t => t.TreatableRegion).Select(r => new { region = r.Key, sites = r.ToList() }),
            }));
        });
        app.MapGet("/health/live", () => Results.Ok("live"));
        // Ready once the bus is connected and every endpoint's queue is bound (nothing published before is lost to them).
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }
}
