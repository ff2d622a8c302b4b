using System.Data.Common;
using ImagingPipeline.Worker.Index;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImagingPipeline.Worker.Health;

/// <summary>Ready when the index database answers.</summary>
internal sealed class DatabaseHealthCheck(IndexDatabase db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await db.OpenAsync(cancellationToken);
            await using var command = IndexDatabase.Command(connection, null, "SELECT COUNT(*) FROM studies");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy(db.Description);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy($"{db.Description} does not answer: {e.Message}");
        }
    }
}
