using ImagingPipeline.Worker.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImagingPipeline.Worker.Health;

/// <summary>Ready when the store folder is writable and above the free-space reserve.</summary>
internal sealed class StoreHealthCheck(InstanceStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            Directory.CreateDirectory(store.IncomingDirectory);
            var probe = Path.Combine(store.IncomingDirectory, ".probe-" + Guid.NewGuid().ToString("N"));
            await File.WriteAllBytesAsync(probe, [1], cancellationToken);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"store {store.Root} is not writable: {e.Message}");
        }

        return store.FreeSpaceProblem() is { } problem
            ? HealthCheckResult.Unhealthy(problem)
            : HealthCheckResult.Healthy($"store {store.Root} writable");
    }
}
