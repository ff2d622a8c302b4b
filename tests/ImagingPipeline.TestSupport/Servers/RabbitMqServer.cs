using System.Diagnostics;
using System.Net.Sockets;

namespace ImagingPipeline.TestSupport.Servers;

/// <summary>
/// A RabbitMQ broker for tests: an existing one named by <see cref="UriVariable"/>, else a
/// Testcontainers broker when a Docker engine answers, else Debian's rabbitmq-server started on
/// free loopback ports with a throwaway directory under /tmp. <see cref="StopAsync"/> and
/// <see cref="StartAsync"/> simulate a broker outage (same node, same ports, same data).
/// </summary>
public sealed partial class RabbitMqServer : IAsyncDisposable
{
    /// <summary>Environment variable holding an amqp:// URI of an existing broker.</summary>
    public const string UriVariable = "IMAGINGPIPELINE_TEST_RABBITMQ";

    private const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private const string CtlScript = "/usr/lib/rabbitmq/bin/rabbitmqctl";

    private readonly LocalNode? _local;
    private readonly IContainerBroker? _container;

    private RabbitMqServer(Uri amqpUri, LocalNode? local, IContainerBroker? container)
    {
        AmqpUri = amqpUri;
        _local = local;
        _container = container;
    }

    /// <summary>amqp://guest:guest@127.0.0.1:PORT/ (or the configured one).</summary>
    public Uri AmqpUri { get; private set; }

    /// <summary>How the broker was found: "environment", "testcontainers" or "local".</summary>
    public string Source => _local is not null ? "local" : _container is not null ? "testcontainers" : "environment";

    /// <summary>Whether <see cref="StopAsync"/>/<see cref="StartAsync"/> can control the broker.</summary>
    public bool CanStopAndStart => _local is not null || _container is not null;

    /// <summary>Why no broker could be provided, or null when one was.</summary>
    public static async Task<(RabbitMqServer? Server, string? Unavailable)> TryStartAsync(CancellationToken cancellationToken = default)
    {
        var configured = System.Environment.GetEnvironmentVariable(UriVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (new RabbitMqServer(new Uri(configured), null, null), null);
        }

        if (DockerProbe.EngineAnswers())
        {
            var container = await ContainerBroker.StartAsync(cancellationToken).ConfigureAwait(false);
            return (new RabbitMqServer(container.AmqpUri, null, container), null);
        }

        if (!File.Exists(ServerScript) || !File.Exists(CtlScript))
        {
            return (null, $"no RabbitMQ broker: set {UriVariable}, run a Docker engine, or install rabbitmq-server (scripts/install-deps.sh)");
        }

        var node = LocalNode.Create();
        await node.StartAsync(cancellationToken).ConfigureAwait(false);
        return (new RabbitMqServer(node.AmqpUri, node, null), null);
    }

    /// <summary>Stops the broker (an outage); connections drop.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_local is not null)
        {
            await _local.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (_container is not null)
        {
            await _container.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw new InvalidOperationException("An external broker from the environment cannot be stopped by tests.");
        }
    }

    /// <summary>Starts the broker again after <see cref="StopAsync"/>, on the same address.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_local is not null)
        {
            await _local.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (_container is not null)
        {
            AmqpUri = await _container.RestartAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw new InvalidOperationException("An external broker from the environment cannot be started by tests.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_local is not null)
        {
            await _local.DisposeAsync().ConfigureAwait(false);
        }

        if (_container is not null)
        {
            await _container.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>True when something accepts TCP connections on the broker's AMQP port.</summary>
    public static async Task<bool> PortAnswersAsync(string host, int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    internal static async Task<(int ExitCode, string Output)> RunAsync(string file, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }

        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }
}
