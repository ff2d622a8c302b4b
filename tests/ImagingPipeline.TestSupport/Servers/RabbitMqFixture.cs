using ImagingPipeline.TestSupport.Environment;
using Xunit;

namespace ImagingPipeline.TestSupport.Servers;

/// <summary>
/// xunit fixture owning one <see cref="RabbitMqServer"/> for a test class or assembly. Tests call
/// <see cref="Require"/>: it skips locally and fails under CI=true when no broker is available.
/// </summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    private RabbitMqServer? _server;
    private string? _unavailable;

    /// <summary>The running broker, or skip/fail the calling test.</summary>
    public RabbitMqServer Require()
    {
        if (_server is null)
        {
            Requirements.Unavailable(_unavailable ?? "RabbitMQ broker not started");
        }

        return _server!;
    }

    public async ValueTask InitializeAsync()
    {
        try
        {
            (_server, _unavailable) = await RabbitMqServer.TryStartAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            _unavailable = $"RabbitMQ could not be started: {ex.Message}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
