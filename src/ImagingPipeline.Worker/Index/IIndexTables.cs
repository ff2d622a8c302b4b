namespace ImagingPipeline.Worker.Index;

/// <summary>
/// Tables another component keeps in the index database (outbox, results). Created on start by
/// <see cref="Hosting.IndexSchemaService"/> right after the index's own tables, before any job or
/// relay runs.
/// </summary>
internal interface IIndexTables
{
    Task CreateAsync(IndexDatabase database, CancellationToken ct);
}
