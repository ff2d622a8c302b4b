using ImagingPipeline.Worker.Index;

namespace ImagingPipeline.Worker.Hosting;

/// <summary>Creates the index schema before anything else runs.</summary>
internal sealed class IndexSchemaService(IndexDatabase db) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => IndexSchema.CreateAsync(db, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
