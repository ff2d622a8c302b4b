using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// One association accepted by <see cref="DicomServer"/>, following the acceptor's path through the PS3.8 9.2
/// state machine: Sta2 (transport open, ARTIM running) → Sta3 (A-ASSOCIATE-RQ received) → Sta6 (established)
/// → Sta8 (A-RELEASE-RQ received) → Sta13 (A-RELEASE-RP sent, waiting for the peer to close, ARTIM running).
/// An A-ABORT is honoured in every state (AA-2/AA-3) and a protocol error in any state is answered with one
/// (AA-8, source 2). The idle timeout runs whenever we wait for the peer (reading, or a blocked write) and we
/// owe the peer nothing; it does not run while a storage commitment on this association is still being decided.
/// </summary>
internal sealed partial class ScpAssociation : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly ScpServices _services;
    private readonly IPEndPoint _remote;
    private readonly Guid _id = Guid.CreateVersion7();
    private readonly DateTimeOffset _startedAt = TimeProvider.System.GetUtcNow();
    private readonly Dictionary<byte, PresentationContext> _accepted = [];
    private readonly MemoryStream _command = new();
    private readonly CancellationTokenSource _cts;
    private Stream _stream;
    private PduConnection _connection;
    private AssociationInfo? _info;
    private int _peerMaxPdv = 1 << 20;
    private long _readSince;
    private long _writeSince;
    private ITimer? _watchdog;

    private Action? _releaseSlot;

    /// <param name="releaseSlot">Frees this association's place under the server's limit; called once, when the
    /// association is over for the peer (before its A-RELEASE-RP, A-ASSOCIATE-RJ or A-ABORT is written, or before the
    /// transport closes).</param>
    public ScpAssociation(Socket socket, ScpServices services, CancellationToken stopping, Action? releaseSlot = null)
    {
        _releaseSlot = releaseSlot;
        _socket = socket;
        _services = services;
        _remote = (IPEndPoint)socket.RemoteEndPoint!;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _connection = new PduConnection(_stream, services.Options.MaxAssociateRequestLength, socket);
        _cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    }

    private DicomServerOptions Options => _services.Options;

    /// <summary>
    /// Runs the association to its end. <paramref name="tls"/> wraps the socket first (PS3.15 B.1).
    /// <paramref name="ownThread"/>: the caller is a thread of this association's own, on which reads of the plain
    /// socket block (see <see cref="PduConnection.BlockingThreadId"/>; a TLS connection replaces it with one that has
    /// no plain socket, so it never blocks).
    /// </summary>
    public async Task RunAsync(bool overLimit, SslServerAuthenticationOptions? tls, bool ownThread = false)
    {
        var aborted = false;
        if (ownThread)
        {
            _connection.BlockingThreadId = Environment.CurrentManagedThreadId;
        }

        try
        {
            var established = false;
            using (var artim = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token))
            {
                // Sta2: ARTIM covers the TLS handshake and the whole A-ASSOCIATE-RQ (a trickle cannot hold the slot).
                artim.CancelAfter(Options.ArtimTimeout);
                if (tls is not null && !await AuthenticateAsync(tls, artim.Token).ConfigureAwait(false))
                {
                    return;
                }

                var (ok, type, body) = await _connection.ReadAsync(artim.Token).ConfigureAwait(false);
                if (!ok || type == PduType.Abort)
                {
                    return; // AA-2 / AA-5: close the transport, nothing to answer
                }

                if (type != PduType.AssociateRequest)
                {
                    throw DicomNetworkException.Protocol($"{type} before A-ASSOCIATE-RQ", 2);
                }

                established = await NegotiateAsync(body, overLimit, artim.Token).ConfigureAwait(false);
            }

            if (!established)
            {
                return;
            }

            _services.Observer?.AssociationOpened(_info!);
            _connection.MaxBody = Options.MaxPduLength;
            _watchdog = TimeProvider.System.CreateTimer(static s => ((ScpAssociation)s!).CheckIdle(), this,
                WatchdogPeriod, WatchdogPeriod);
            aborted = !await ServeAsync().ConfigureAwait(false);
        }
        catch (DicomNetworkException ex)
        {
            aborted = true;
            await TryAbortAsync(ex.AbortReason).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException
            or System.Security.Authentication.AuthenticationException)
        {
            aborted = true;
            await TryAbortAsync(0).ConfigureAwait(false);
        }
        finally
        {
            ReleaseSlot();
            await CloseAsync().ConfigureAwait(false);
            if (_info is not null)
            {
                _services.Observer?.AssociationClosed(_info, new AssociationEnd(aborted, _connection.BytesRead, TimeProvider.System.GetUtcNow()));
            }
        }
    }

    private void ReleaseSlot() => Interlocked.Exchange(ref _releaseSlot, null)?.Invoke();

    private TimeSpan WatchdogPeriod => TimeSpan.FromMilliseconds(Math.Clamp(Options.IdleTimeout.TotalMilliseconds / 4, 50, 1000));

    private async Task<bool> AuthenticateAsync(SslServerAuthenticationOptions tls, CancellationToken ct)
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        _stream = ssl;
        _connection.Dispose();
        _connection = new PduConnection(ssl, Options.MaxAssociateRequestLength);
        try
        {
            await ssl.AuthenticateAsServerAsync(tls, ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or IOException)
        {
            // Not TLS, a protocol TLS 1.2+ does not allow, or a client certificate that is missing or untrusted.
            _services.Observer?.TlsHandshakeFailed(new AssociationAttempt(_id, _startedAt, _remote, IsTls: true), ex.Message);
            return false;
        }
    }

    /// <summary>Sta6: P-DATA, release, abort. Returns true on an orderly release.</summary>
    private async Task<bool> ServeAsync()
    {
        var ct = _cts.Token;
        while (true)
        {
            Volatile.Write(ref _readSince, Environment.TickCount64);
            var (ok, type, body) = await _connection.ReadAsync(ct).ConfigureAwait(false);
            Volatile.Write(ref _readSince, 0);
            if (!ok)
            {
                return false; // AA-4: transport closed without release
            }

            switch (type)
            {
                case PduType.DataTransfer:
                    await OnDataAsync(body, ct).ConfigureAwait(false);
                    break;
                case PduType.ReleaseRequest:
                    // Sta6 → Sta8 → Sta13: we never request release ourselves, so no collision can arise here.
                    ReleasePdu.Validate(type, body.Length);
                    if (_pending is not null)
                    {
                        throw DicomNetworkException.Protocol("A-RELEASE-RQ inside a DIMSE message", 2);
                    }

                    // The slot is free before the peer can see the A-RELEASE-RP: a sender that reconnects at once is not refused.
                    ReleaseSlot();
                    await CloseForReportsAsync(() => WriteGuardedAsync(ReleasePdu.Response, ct)).ConfigureAwait(false);
                    await LingerAsync().ConfigureAwait(false);
                    return true;
                case PduType.Abort:
                    return false; // AA-3
                default:
                    throw DicomNetworkException.Protocol($"unexpected {type} on an established association", 2);
            }
        }
    }

    /// <summary>PS3.8 9.3.5: a P-DATA-TF body is a list of PDV items (length, context id, control header, fragment).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask OnDataAsync(Memory<byte> body, CancellationToken ct)
    {
        if (body.Length == 0)
        {
            throw DicomNetworkException.Protocol("P-DATA-TF without a PDV item", 6);
        }

        while (body.Length > 0)
        {
            if (body.Length < 6)
            {
                throw DicomNetworkException.Protocol("PDV item header truncated", 6);
            }

            var itemLength = BinaryPrimitives.ReadUInt32BigEndian(body.Span);
            if (itemLength < 2 || itemLength > (uint)(body.Length - 4))
            {
                throw DicomNetworkException.Protocol($"PDV item length {itemLength} invalid", 6);
            }

            var contextId = body.Span[4];
            var control = body.Span[5];
            var fragment = body.Slice(6, (int)itemLength - 2);
            body = body[(4 + (int)itemLength)..];
            if (!_accepted.ContainsKey(contextId))
            {
                throw DicomNetworkException.Protocol($"PDV on presentation context {contextId}, which was not accepted", 6);
            }

            var isLast = (control & 2) != 0;
            if ((control & 1) != 0)
            {
                if (_pending is not null || _command.Length + fragment.Length > MaxCommandLength)
                {
                    throw DicomNetworkException.Protocol("command fragment out of sequence or command set too long", 5);
                }

                _command.Write(fragment.Span);
                if (isLast)
                {
                    var command = CommandSet.Parse(_command.GetBuffer().AsSpan(0, (int)_command.Length));
                    _command.SetLength(0);
                    await OnCommandAsync(contextId, command, ct).ConfigureAwait(false);
                }
            }
            else
            {
                if (_pending is null || _pending.ContextId != contextId)
                {
                    throw DicomNetworkException.Protocol("data set fragment without a pending command on its context", 5);
                }

                await OnDataSetFragmentAsync(fragment, isLast, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A command set is a few hundred bytes; 64 KiB bounds a hostile one.</summary>
    private const int MaxCommandLength = 64 * 1024;

    /// <summary>Writes under the write lock, unless the association is already closed for writing.</summary>
    private async ValueTask WriteGuardedAsync(ReadOnlyMemory<byte> pdu, CancellationToken ct)
    {
        Volatile.Write(ref _writeSince, Environment.TickCount64);
        try
        {
            await _connection.WriteAsync(pdu, ct).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _writeSince, 0);
        }
    }

    private void CheckIdle()
    {
        var now = Environment.TickCount64;
        var limit = (long)Options.IdleTimeout.TotalMilliseconds;
        var readSince = Volatile.Read(ref _readSince);
        var writeSince = Volatile.Read(ref _writeSince);
        var reading = readSince != 0 && Volatile.Read(ref _commitmentsPending) == 0 && now - readSince > limit;
        var writing = writeSince != 0 && now - writeSince > limit;
        if (reading || writing)
        {
            try
            {
                _cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The association ended meanwhile.
            }
        }
    }

    private async Task TryAbortAsync(byte reason)
    {
        ReleaseSlot(); // before the peer sees the A-ABORT or the close
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            using (await _connection.LockWritesAsync(cts.Token).ConfigureAwait(false))
            {
                await _connection.WriteAsync(new AbortPdu(2, reason).Encode(), cts.Token).ConfigureAwait(false);
            }

            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException
            or InvalidOperationException or NotSupportedException)
        {
            // The peer is gone already (or TLS never started); closing the socket is all that is left.
        }
    }

    /// <summary>Sta13: after A-RELEASE-RP the requestor closes; wait up to ARTIM for it (PS3.8 9.1.5).</summary>
    private async Task LingerAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
            using var cts = new CancellationTokenSource(Options.ArtimTimeout);
            var scratch = new byte[64];
            while (await _stream.ReadAsync(scratch, cts.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException
            or NotSupportedException)
        {
            // ARTIM expired or the peer reset: the association is over either way.
        }
    }

    private async Task CloseAsync()
    {
        if (_watchdog is not null)
        {
            await _watchdog.DisposeAsync().ConfigureAwait(false);
        }

        // Ends any write still blocked on this peer; reports still being decided go out on a new association.
        await _cts.CancelAsync().ConfigureAwait(false);
        await CloseForReportsAsync(static () => ValueTask.CompletedTask).ConfigureAwait(false);
        DeletePending();
    }

    public async ValueTask DisposeAsync()
    {
        _command.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        _connection.Dispose();
        _cts.Dispose();
    }
}
