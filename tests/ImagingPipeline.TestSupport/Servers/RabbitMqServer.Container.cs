using System.Net.Sockets;
using Testcontainers.RabbitMq;

namespace ImagingPipeline.TestSupport.Servers;

public sealed partial class RabbitMqServer
{
    private interface IContainerBroker : IAsyncDisposable
    {
        Uri AmqpUri { get; }

        Task StopAsync(CancellationToken cancellationToken);

        Task<Uri> RestartAsync(CancellationToken cancellationToken);
    }

    /// <summary>A cheap check: a Docker socket (or DOCKER_HOST) that accepts a connection.</summary>
    private static class DockerProbe
    {
        public static bool EngineAnswers()
        {
            var host = System.Environment.GetEnvironmentVariable("DOCKER_HOST");
            if (!string.IsNullOrEmpty(host))
            {
                return true;
            }

            const string socketPath = "/var/run/docker.sock";
            if (!File.Exists(socketPath))
            {
                return false;
            }

            try
            {
                using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Connect(new UnixDomainSocketEndPoint(socketPath));
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }

    private sealed class ContainerBroker : IContainerBroker
    {
        private readonly RabbitMqContainer _container;

        private ContainerBroker(RabbitMqContainer container) => _container = container;

        public Uri AmqpUri => new(_container.GetConnectionString());

        public static async Task<ContainerBroker> StartAsync(CancellationToken cancellationToken)
        {
            var container = new RabbitMqBuilder("rabbitmq:3.13").Build();
            await container.StartAsync(cancellationToken).ConfigureAwait(false);
            return new ContainerBroker(container);
        }

        public Task StopAsync(CancellationToken cancellationToken) => _container.StopAsync(cancellationToken);

        public async Task<Uri> RestartAsync(CancellationToken cancellationToken)
        {
            await _container.StartAsync(cancellationToken).ConfigureAwait(false);
            return AmqpUri;
        }

        public ValueTask DisposeAsync() => _container.DisposeAsync();
    }
}
