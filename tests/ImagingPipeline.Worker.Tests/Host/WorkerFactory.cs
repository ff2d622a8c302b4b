using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ImagingPipeline.Worker.Tests.Host;

/// <summary>The worker host in memory with its settings replaced by the test's (and anything else <paramref name="configure"/> adds).</summary>
internal sealed class WorkerFactory(IReadOnlyDictionary<string, string?> settings, Action<IWebHostBuilder>? configure = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        configure?.Invoke(builder);
    }
}
