using System.Globalization;
using System.Text;
using ImagingPipeline.Worker.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImagingPipeline.Worker.Outbox;

/// <summary>The outbox backlog on /metrics, and on /health/ready (Degraded while publishing fails).</summary>
internal sealed class OutboxMetrics(OutboxRelay relay) : IMetricsContributor, IHealthCheck
{
    public async Task WriteAsync(StringBuilder text, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pending = await relay.PendingAsync(ct);
        text.Append("# HELP imagingpipeline_outbox_pending Outbox messages not yet confirmed by the broker.\n")
            .Append("# TYPE imagingpipeline_outbox_pending gauge\n")
            .Append(CultureInfo.InvariantCulture, $"imagingpipeline_outbox_pending {pending}\n")
            .Append("# HELP imagingpipeline_outbox_publish_failures Consecutive failed publish attempts.\n")
            .Append("# TYPE imagingpipeline_outbox_publish_failures gauge\n")
            .Append(CultureInfo.InvariantCulture, $"imagingpipeline_outbox_publish_failures {relay.ConsecutiveFailures}\n");
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = await relay.PendingAsync(cancellationToken);
        var data = new Dictionary<string, object> { ["pending"] = pending, ["failures"] = relay.ConsecutiveFailures };
        return relay.LastError is null
            ? HealthCheckResult.Healthy($"{pending} message(s) pending", data)
            : HealthCheckResult.Degraded($"{pending} message(s) pending; publishing fails: {relay.LastError}", data: data);
    }
}
