using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Storage;

namespace ImagingPipeline.Worker.Hosting;

/// <summary>Creates the index schema and repairs the store before anything else runs.</summary>
internal sealed class IndexSchemaService(IndexDatabase db, StoreRecovery recovery) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await IndexSchema.CreateAsync(db, cancellationToken);
        await recovery.RunAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
