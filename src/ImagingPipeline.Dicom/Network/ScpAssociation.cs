using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ImagingPipeline.Dicom.Network;

/// <summary>One SCP association (PS3.8 9.2 acceptor states Sta2 → Sta6 → Sta13).</summary>
internal sealed partial class ScpAssociation : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly DicomServerOptions _options;
    private readonly IDicomStoreHandler _handler;
    private readonly IDicomServerObserver? _observer;
    private readonly PduConnection _connection;
    private readonly IPEndPoint _remote;
    private readonly Dictionary<byte, PresentationContext> _accepted = [];
    private readonly MemoryStream _command = new();
    private AssociationInfo? _info;
    private int _peerMaxPdv = 1 << 20;

    public ScpAssociation(Socket socket, DicomServerOptions options, IDicomStoreHandler handler, IDicomServerObserver? observer)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _options = options;
        _handler = handler;
        _observer = observer;
        _remote = (IPEndPoint)socket.RemoteEndPoint!;
        _connection = new PduConnection(_stream, options.MaxAssociateRequestLength);
    }

    public async Task RunAsync(bool overLimit, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var aborted = false;
        try
        {
            timeout.CancelAfter(_options.ArtimTimeout);
            var (ok, type, length) = await _connection.ReadAsync(timeout.Token).ConfigureAwait(false);
            if (!ok)
            {
                return;
            }

            if (type != PduType.AssociateRequest)
            {
                throw DicomNetworkException.Protocol($"{type} before A-ASSOCIATE-RQ", 2);
            }

            if (!await NegotiateAsync(_connection.Body(length), overLimit, timeout.Token).ConfigureAwait(false))
            {
                return;
            }

            _observer?.AssociationOpened(_info!);
            _connection.MaxBody = _options.MaxPduLength;
            aborted = !await ServeAsync(timeout, stopping).ConfigureAwait(false);
        }
        catch (DicomNetworkException ex)
        {
            aborted = true;
            await TryAbortAsync(ex.AbortReason).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            aborted = true;
            await TryAbortAsync(0).ConfigureAwait(false);
        }
        finally
        {
            DeletePendingFile();
            if (_info is not null)
            {
                _observer?.AssociationClosed(_info, aborted);
            }
        }
    }

    /// <summary>Sta6: P-DATA, release, abort. Returns true on an orderly release.</summary>
    private async Task<bool> ServeAsync(CancellationTokenSource timeout, CancellationToken stopping)
    {
        var cts = timeout;
        while (true)
        {
            if (!cts.TryReset())
            {
                cts.Dispose();
                cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            }

            cts.CancelAfter(_options.IdleTimeout);
            var (ok, type, length) = await _connection.ReadAsync(cts.Token).ConfigureAwait(false);
            if (!ok)
            {
                return false;
            }

            switch (type)
            {
                case PduType.DataTransfer:
                    await OnDataAsync(_connection.Body(length), cts.Token).ConfigureAwait(false);
                    break;
                case PduType.ReleaseRequest:
                    if (length != 4)
                    {
                        throw DicomNetworkException.Protocol($"A-RELEASE-RQ with length {length}", 6);
                    }

                    await _connection.WriteShortAsync(PduType.ReleaseResponse, 0, 0, 0, cts.Token).ConfigureAwait(false);
                    await LingerAsync().ConfigureAwait(false);
                    return true;
                case PduType.Abort:
                    return false;
                default:
                    throw DicomNetworkException.Protocol($"unexpected {type} on an established association", 2);
            }
        }
    }

    /// <summary>PS3.8 9.3.5: a P-DATA-TF body is a list of PDV items (length, context id, control header, fragment).</summary>
    private async ValueTask OnDataAsync(Memory<byte> body, CancellationToken ct)
    {
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

            var isCommand = (control & 1) != 0;
            var isLast = (control & 2) != 0;
            if (isCommand)
            {
                if (_store is not null || _command.Length + fragment.Length > 64 * 1024)
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
                if (_store is null || _store.ContextId != contextId)
                {
                    throw DicomNetworkException.Protocol("data set fragment without a pending command on its context", 5);
                }

                await OnDataSetFragmentAsync(fragment, isLast, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task TryAbortAsync(byte reason)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await _connection.WriteShortAsync(PduType.Abort, 0, 2, reason, cts.Token).ConfigureAwait(false);
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone already; closing the socket is all that is left.
        }
    }

    /// <summary>Sta13: after A-RELEASE-RP the requestor closes; wait up to ARTIM for it.</summary>
    private async Task LingerAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
            using var cts = new CancellationTokenSource(_options.ArtimTimeout);
            var scratch = new byte[64];
            while (await _stream.ReadAsync(scratch, cts.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // ARTIM expired or the peer reset: the association is over either way.
        }
    }

    public void Dispose()
    {
        _store?.File.Dispose();
        _connection.Dispose();
        _stream.Dispose();
        _command.Dispose();
    }
}
