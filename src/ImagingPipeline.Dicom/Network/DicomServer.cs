using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ImagingPipeline.Dicom.Network;

/// <summary>The DICOM SCP: accepts associations, answers C-ECHO, streams C-STORE data sets to the handler.</summary>
public sealed class DicomServer : IAsyncDisposable
{
    private readonly DicomServerOptions _options;
    private readonly IDicomStoreHandler _handler;
    private readonly IDicomServerObserver? _observer;
    private readonly ConcurrentDictionary<int, Task> _associations = new();
    private readonly CancellationTokenSource _stopping = new();
    private TcpListener? _listener;
    private Task? _acceptLoop;
    private int _nextId;
    private int _active;

    public DicomServer(DicomServerOptions options, IDicomStoreHandler handler, IDicomServerObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        _options = options;
        _handler = handler;
        _observer = observer;
    }

    /// <summary>The bound end point (the real port when <see cref="DicomServerOptions.Port"/> is 0).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint?)_listener?.LocalEndpoint
        ?? throw new InvalidOperationException("the server is not started");

    /// <summary>Associations open right now.</summary>
    public int ActiveAssociations => Volatile.Read(ref _active);

    public Task StartAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        Directory.CreateDirectory(_options.TempDirectory);
        _listener = new TcpListener(_options.BindAddress, _options.Port);
        _listener.Server.NoDelay = true;
        _listener.Start(512);
        _acceptLoop = AcceptLoopAsync(_listener, _stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken ct = default)
    {
        if (_listener is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.WaitAsync(ct).ConfigureAwait(false);
        }

        await Task.WhenAll(_associations.Values).WaitAsync(ct).ConfigureAwait(false);
        _listener = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }

            socket.NoDelay = true;
            var id = Interlocked.Increment(ref _nextId);
            var overLimit = Interlocked.Increment(ref _active) > _options.MaxAssociations;
            _associations[id] = RunAssociationAsync(id, socket, overLimit, ct);
        }
    }

    private async Task RunAssociationAsync(int id, Socket socket, bool overLimit, CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            using var association = new ScpAssociation(socket, _options, _handler, _observer);
            await association.RunAsync(overLimit, ct).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
            _associations.TryRemove(id, out _);
        }
    }
}
