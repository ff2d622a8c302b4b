using System.Diagnostics;
using ImagingPipeline.TestSupport.Environment;

namespace ImagingPipeline.TestSupport.Servers;

public sealed partial class RabbitMqServer
{
    /// <summary>
    /// Debian's rabbitmq-server on loopback: a unique node name, free AMQP and distribution ports,
    /// its own mnesia/log/config/feature-flag/plugin files and HOME (so its own Erlang cookie)
    /// under a throwaway /tmp directory. Stopped with rabbitmqctl under the same HOME, because
    /// killing the wrapper script leaves the Erlang VM running. Its own epmd on a free port too
    /// (ERL_EPMD_PORT), stopped when the node is disposed: the machine's shared epmd would outlive
    /// the tests, and stopping it would cut off other test projects' nodes.
    /// </summary>
    private sealed class LocalNode : IAsyncDisposable
    {
        private readonly string _root;
        private readonly string _nodeName;
        private readonly int _port;
        private readonly Dictionary<string, string> _environment;
        private Process? _process;
        private bool _running;

        private const string Epmd = "/usr/bin/epmd";

        private LocalNode(string root, string nodeName, int port, int distPort, int epmdPort)
        {
            _root = root;
            _nodeName = nodeName;
            _port = port;
            _environment = new Dictionary<string, string>
            {
                ["HOME"] = Path.Combine(root, "home"),
                ["RABBITMQ_NODENAME"] = nodeName,
                ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
                ["RABBITMQ_NODE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RABBITMQ_DIST_PORT"] = distPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RABBITMQ_MNESIA_BASE"] = Path.Combine(root, "mnesia"),
                ["RABBITMQ_LOG_BASE"] = Path.Combine(root, "log"),
                ["RABBITMQ_CONFIG_FILE"] = Path.Combine(root, "rabbitmq.conf"),
                ["RABBITMQ_FEATURE_FLAGS_FILE"] = Path.Combine(root, "feature_flags"),
                ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(root, "enabled_plugins"),
                ["ERL_EPMD_PORT"] = epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        public Uri AmqpUri => new($"amqp://guest:guest@127.0.0.1:{_port}/");

        public static LocalNode Create()
        {
            var id = Guid.NewGuid().ToString("N")[..12];
            var root = Path.Combine(Path.GetTempPath(), $"imagingpipeline-rabbitmq-{id}");
            var port = FreePort.Next();
            var distPort = FreePort.Next();
            while (distPort == port)
            {
                distPort = FreePort.Next();
            }

            var epmdPort = FreePort.Next();
            while (epmdPort == port || epmdPort == distPort)
            {
                epmdPort = FreePort.Next();
            }

            var node = new LocalNode(root, $"test-{id}@localhost", port, distPort, epmdPort);
            foreach (var dir in new[] { "home", "mnesia", "log" })
            {
                Directory.CreateDirectory(Path.Combine(root, dir));
            }

            File.WriteAllText(Path.Combine(root, "rabbitmq.conf"),
                $"listeners.tcp.default = 127.0.0.1:{port}\nloopback_users = none\nlog.console = false\n");
            File.WriteAllText(Path.Combine(root, "enabled_plugins"), "[].\n");
            ChownToRabbitMq(root);
            return node;
        }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (_running)
            {
                return;
            }

            var psi = new ProcessStartInfo(ServerScript)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var (k, v) in _environment)
            {
                psi.Environment[k] = v;
            }

            _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start rabbitmq-server");
            _process.OutputDataReceived += static (_, _) => { };
            _process.ErrorDataReceived += static (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            _running = true;

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"rabbitmq-server exited with {_process.ExitCode}; logs in {_root}/log");
                }

                if (await PortAnswersAsync("127.0.0.1", _port, cancellationToken).ConfigureAwait(false))
                {
                    var (code, output) = await RunAsync(CtlScript, ["-n", _nodeName, "await_startup"], _environment, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
                    if (code == 0)
                    {
                        return;
                    }

                    throw new InvalidOperationException($"rabbitmqctl await_startup failed: {output}");
                }

                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }

            throw new TimeoutException($"rabbitmq-server did not listen on 127.0.0.1:{_port} within 60 s; logs in {_root}/log");
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (!_running)
            {
                return;
            }

            var (code, output) = await RunAsync(CtlScript, ["-n", _nodeName, "stop"], _environment, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                throw new InvalidOperationException($"rabbitmqctl stop failed: {output}");
            }

            if (_process is not null)
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                cts.CancelAfter(TimeSpan.FromSeconds(30));
                await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
                _process.Dispose();
                _process = null;
            }

            _running = false;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                if (File.Exists(Epmd))
                {
                    await RunAsync(Epmd, ["-kill"], _environment, TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
                }

                try
                {
                    Directory.Delete(_root, recursive: true);
                }
                catch (IOException)
                {
                    // A file still held open by a dying VM; /tmp is cleaned eventually.
                }
            }
        }

        private static void ChownToRabbitMq(string root)
        {
            if (!string.Equals(System.Environment.UserName, "root", StringComparison.Ordinal))
            {
                return;
            }

            using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", "rabbitmq:rabbitmq", root]) { UseShellExecute = false })
                ?? throw new InvalidOperationException("could not run chown");
            chown.WaitForExit();
        }
    }
}
