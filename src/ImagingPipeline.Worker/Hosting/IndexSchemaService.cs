using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Storage;

namespace ImagingPipeline.Worker.Hosting;

/// <summary>Creates the index schema (and the tables of the outbox and results) and repairs the store before anything else runs.</summary>
internal sealed class IndexSchemaService(IndexDatabase db, StoreRecovery recovery, IEnumerable<IIndexTables> tables) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await IndexSchema.CreateAsync(db, cancellationToken);
        foreach (var part in tables)
        {
            await part.CreateAsync(db, cancellationToken);
        }

        await recovery.RunAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
