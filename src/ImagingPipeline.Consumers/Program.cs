using ImagingPipeline.Consumers.Hosting;
using ImagingPipeline.Consumers.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddConsumerStore(builder.Configuration).AddConsumersMessaging(builder.Configuration);
var app = builder.Build();
await app.Services.GetRequiredService<ConsumerStore>().EnsureSchemaAsync(app.Lifetime.ApplicationStopping).ConfigureAwait(false);
app.MapWorklist();
await app.RunAsync().ConfigureAwait(false);

/// <summary>Internal: the worker references this assembly (it hosts the eligibility consumer) and has its own public Program.</summary>
internal sealed partial class Program;
