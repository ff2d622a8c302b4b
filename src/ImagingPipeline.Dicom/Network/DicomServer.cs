using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// The DICOM SCP: accepts associations on a plain port and optionally a TLS port, answers C-ECHO, streams C-STORE
/// data sets to the store handler, and serves storage commitment when <see cref="StorageCommitmentHandler"/> (the
/// SCP side) or <see cref="StorageCommitmentReportHandler"/> (the requester side, receiving reports) is set.
/// </summary>
public sealed class DicomServer : IAsyncDisposable
{
    private readonly DicomServerOptions _options;
    private readonly IDicomStoreHandler _handler;
    private readonly IDicomServerObserver? _observer;
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<(TcpListener Listener, Task Loop)> _listeners = [];
    private ScpServices? _services;
    private Task? _stop;
    private long _nextId;
    private int _active;

    public DicomServer(DicomServerOptions options, IDicomStoreHandler handler, IDicomServerObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        _options = options;
        _handler = handler;
        _observer = observer;
    }

    /// <summary>Decides storage commitment requests (PS3.4 J); without it N-ACTION is refused.</summary>
    public IStorageCommitmentHandler? StorageCommitmentHandler { get; init; }

    /// <summary>Receives storage commitment reports sent to us on new associations (we were the requester).</summary>
    public IStorageCommitmentReportHandler? StorageCommitmentReportHandler { get; init; }

    /// <summary>The bound plain end point (the real port when <see cref="DicomServerOptions.Port"/> is 0).</summary>
    public IPEndPoint LocalEndPoint => _listeners.Count > 0
        ? (IPEndPoint)_listeners[0].Listener.LocalEndpoint
        : throw new InvalidOperationException("the server is not started");

    /// <summary>The bound TLS end point, when <see cref="DicomServerOptions.Tls"/> is set.</summary>
    public IPEndPoint TlsEndPoint => _listeners.Count > 1
        ? (IPEndPoint)_listeners[1].Listener.LocalEndpoint
        : throw new InvalidOperationException("the server has no TLS port");

    /// <summary>Associations (connections) open right now.</summary>
    public int ActiveAssociations => Volatile.Read(ref _active);

    public Task StartAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        Directory.CreateDirectory(_options.TempDirectory);
        // Loaded (and checked) before anything listens, so a bad certificate fails the start, not the first peer.
        var tls = _options.Tls is { } tlsOptions ? DicomTls.ServerOptions(tlsOptions) : null;
        _services = new ScpServices(_options, _handler, _observer, StorageCommitmentHandler, StorageCommitmentReportHandler,
            work => RunInBackground(ownThread: false, work), _stopping.Token);
        Listen(_options.Port, null);
        if (tls is not null)
        {
            Listen(_options.Tls!.Port, tls);
        }

        return Task.CompletedTask;
    }

    private void Listen(int port, SslServerAuthenticationOptions? tls)
    {
        var listener = new TcpListener(_options.BindAddress, port);
        listener.Server.NoDelay = true;
        listener.Start(512);
        lock (_listeners)
        {
            _listeners.Add((listener, AcceptLoopAsync(listener, tls, _stopping.Token)));
        }
    }

    /// <summary>Stops listening and waits for running associations; concurrent and repeated calls share one stop.</summary>
    public Task StopAsync(CancellationToken ct = default)
    {
        Task stop;
        lock (_listeners)
        {
            if (_listeners.Count == 0 && _stop is null)
            {
                return Task.CompletedTask;
            }

            stop = _stop ??= StopOnceAsync([.. _listeners]);
        }

        return stop.WaitAsync(ct);
    }

    private async Task StopOnceAsync(IReadOnlyList<(TcpListener Listener, Task Loop)> listeners)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var (listener, _) in listeners)
        {
            listener.Stop();
        }

        await Task.WhenAll(listeners.Select(l => l.Loop)).ConfigureAwait(false);
        await Task.WhenAll(_running.Values).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(TcpListener listener, SslServerAuthenticationOptions? tls, CancellationToken ct)
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
            catch (SocketException)
            {
                // A connection reset before accept completed, or no file descriptor left (EMFILE): keep serving,
                // after a pause so a persistent error cannot spin this loop.
                try
                {
                    await Task.Delay(50, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }
            catch (ObjectDisposedException)
            {
                break;
            }

            socket.NoDelay = true; // TCP_NODELAY: a response must not wait for Nagle (PS3.8 does not batch)
            var overLimit = Interlocked.Increment(ref _active) > _options.MaxAssociations;
            var released = 0;
            // The slot is freed once, as soon as the association is over for the peer, before it can see so (before the
            // A-RELEASE-RP, A-ASSOCIATE-RJ or A-ABORT is sent, or the transport closes): a sender that reconnects at once
            // must not find its old association still counted.
            void ReleaseSlot()
            {
                if (Interlocked.Exchange(ref released, 1) == 0)
                {
                    Interlocked.Decrement(ref _active);
                }
            }

            // An association that may be established on the plain port runs on a thread of its own (at most
            // MaxAssociations of them), which blocks in its reads like a forked storescp: per PDU that saves the
            // epoll wake-up and the hand-over to a pool thread. Over-limit attempts (answered with a rejection) and
            // TLS (SslStream reads asynchronously) stay on the pool.
            var ownThread = !overLimit && tls is null;
            RunInBackground(ownThread, async () =>
            {
                try
                {
                    ScpAssociation association;
                    try
                    {
                        association = new ScpAssociation(socket, _services!, ct, ReleaseSlot);
                    }
                    catch
                    {
                        socket.Dispose(); // reset before we could even read its address
                        throw;
                    }

                    await using (association.ConfigureAwait(false))
                    {
                        await association.RunAsync(overLimit, tls, ownThread).ConfigureAwait(false);
                    }
                }
                finally
                {
                    ReleaseSlot();
                }
            });
        }
    }

    /// <summary>Runs work that <see cref="StopAsync"/> waits for: associations and storage commitment reports.</summary>
    private void RunInBackground(bool ownThread, Func<Task> work)
    {
        var id = Interlocked.Increment(ref _nextId);
        // Registered before it starts, so a task that ends at once cannot be removed before it was added.
        // LongRunning: the default scheduler starts it on a new thread, which ends at the work's first real await.
        var start = new Task<Task>(work, ownThread ? TaskCreationOptions.LongRunning : TaskCreationOptions.None);
        var task = start.Unwrap().ContinueWith(t =>
        {
            _running.TryRemove(id, out _);
            _ = t.Exception; // observed: an association's failure ends that association only
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _running[id] = task;
        start.Start(TaskScheduler.Default);
    }
}
