using System.Text;

namespace ImagingPipeline.Worker.Metrics;

/// <summary>Adds metric families to /metrics (the outbox relay adds its backlog here).</summary>
internal interface IMetricsContributor
{
    Task WriteAsync(StringBuilder text, CancellationToken ct);
}
