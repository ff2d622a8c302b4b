using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;

namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// The requestor side of one association (PS3.8 9.2): Sta4 (transport open) → Sta5 (A-ASSOCIATE-RQ sent, waiting
/// within the association request timeout) → Sta6 → Sta7 (A-RELEASE-RQ sent) → Sta1, with the release collision
/// path Sta7 → Sta9 → Sta11 (PS3.8 9.2.3: the requestor answers the acceptor's A-RELEASE-RQ, then waits for its
/// own A-RELEASE-RP). Every wait for the peer is bounded by the DIMSE timeout.
/// </summary>
internal sealed class ScuAssociation : IAsyncDisposable
{
    /// <summary>Data sets the SCU holds in memory (responses, event reports) are small; this bounds a hostile one.</summary>
    private const int MaxDataSetLength = 16 << 20;
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly PduConnection _connection;
    private readonly TimeSpan _dimseTimeout;
    private readonly MemoryStream _command = new();
    private int _peerMaxPdv = 1 << 20;

    public ScuAssociation(Socket socket, Stream stream, int maxPdu, TimeSpan dimseTimeout)
    {
        _socket = socket;
        _stream = stream;
        _dimseTimeout = dimseTimeout;
        _connection = new PduConnection(stream, Math.Max(maxPdu, 64 * 1024), stream is NetworkStream ? socket : null);
    }

    /// <summary>Accepted presentation contexts by id, with the transfer syntax the acceptor chose.</summary>
    public Dictionary<byte, PresentationContext> Accepted { get; } = [];

    /// <summary>The A-ASSOCIATE-AC as received (role selection, user identity response, async window).</summary>
    public AssociatePdu? Accept { get; private set; }

    public async Task AssociateAsync(AssociatePdu rq, CancellationToken ct)
    {
        await _connection.WriteAsync(AssociatePduWriter.Encode(rq), ct).ConfigureAwait(false);
        var (ok, type, body) = await _connection.ReadAsync(ct).ConfigureAwait(false);
        if (!ok)
        {
            throw new DicomNetworkException("the SCP closed the connection without answering the A-ASSOCIATE-RQ");
        }

        switch (type)
        {
            case PduType.AssociateAccept:
                var ac = AssociatePdu.Parse(body.Span, isAccept: true);
                foreach (var pc in ac.Contexts.Where(c => c.Result == PresentationContextResult.Acceptance))
                {
                    var proposed = rq.Contexts.FirstOrDefault(p => p.Id == pc.Id);
                    // PS3.8 9.3.3.2: the accepted syntax must be one we proposed for that context.
                    if (proposed is not null && pc.AcceptedTransferSyntax is { } ts && proposed.TransferSyntaxes.Contains(ts))
                    {
                        Accepted[pc.Id] = proposed with { Result = pc.Result, AcceptedTransferSyntax = ts };
                    }
                }

                if (ac.MaxPduLength is > 0 and < 7)
                {
                    await AbortAsync(6).ConfigureAwait(false);
                    throw new DicomNetworkException($"the SCP's maximum PDU length {ac.MaxPduLength} leaves no room for a PDV");
                }

                _peerMaxPdv = ac.MaxPduLength == 0 ? 1 << 20 : (int)Math.Min(ac.MaxPduLength - 6, 1u << 24);
                Accept = ac;
                break;
            case PduType.AssociateReject:
                var rj = AssociateRejectPdu.Parse(body.Span);
                throw new DicomNetworkException($"association rejected: {rj}") { Reject = rj };
            case PduType.Abort:
                throw new DicomNetworkException($"association aborted: {AbortPdu.Parse(body.Span)}");
            default:
                await AbortAsync(2).ConfigureAwait(false);
                throw new DicomNetworkException($"unexpected {type} in answer to A-ASSOCIATE-RQ");
        }
    }

    /// <summary>Sends a command and, when given, its data set from memory.</summary>
    public async Task SendAsync(byte contextId, CommandSet command, ReadOnlyMemory<byte>? dataset, CancellationToken ct)
    {
        await _connection.WritePDataAsync(contextId, true, true, command.Encode(), _peerMaxPdv, ct).ConfigureAwait(false);
        if (dataset is { } data)
        {
            await _connection.WritePDataAsync(contextId, false, true, data, _peerMaxPdv, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Sends a command, then the data set part of a Part 10 file as PDVs no larger than the peer's maximum.</summary>
    public async Task SendFileAsync(byte contextId, CommandSet command, string path, long offset, CancellationToken ct)
    {
        await _connection.WritePDataAsync(contextId, true, true, command.Encode(), _peerMaxPdv, ct).ConfigureAwait(false);
        var chunkSize = Math.Min(_peerMaxPdv, 1 << 20);
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            var remaining = RandomAccess.GetLength(file) - offset;
            do
            {
                var want = (int)Math.Min(chunkSize, remaining);
                var n = 0;
                while (n < want)
                {
                    var read = await RandomAccess.ReadAsync(file, buffer.AsMemory(n, want - n), offset + n, ct).ConfigureAwait(false);
                    n += read > 0 ? read : throw new EndOfStreamException($"{path} shrank while being sent");
                }

                offset += n;
                remaining -= n;
                await _connection.WritePDataAsync(contextId, false, remaining == 0, buffer.AsMemory(0, n), _peerMaxPdv, ct).ConfigureAwait(false);
            }
            while (remaining > 0);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the next DIMSE message (command and data set), within the DIMSE timeout.</summary>
    public async Task<DimseMessage> ReadMessageAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_dimseTimeout);
        _command.SetLength(0);
        CommandSet? command = null;
        byte commandContext = 0;
        MemoryStream? dataset = null;
        try
        {
            while (true)
            {
                var (ok, type, body) = await _connection.ReadAsync(timeout.Token).ConfigureAwait(false);
                if (!ok)
                {
                    throw new DicomNetworkException("the peer closed the connection");
                }

                if (type == PduType.Abort)
                {
                    throw new DicomNetworkException($"association aborted by the peer: {AbortPdu.Parse(body.Span)}");
                }

                if (type != PduType.DataTransfer)
                {
                    await AbortAsync(2).ConfigureAwait(false);
                    throw new DicomNetworkException($"unexpected {type} while waiting for a DIMSE message");
                }

                while (body.Length > 0)
                {
                    var itemLength = body.Length >= 6 ? BinaryPrimitives.ReadUInt32BigEndian(body.Span) : 0;
                    if (itemLength < 2 || itemLength > (uint)(body.Length - 4) || !Accepted.ContainsKey(body.Span[4]))
                    {
                        await AbortAsync(6).ConfigureAwait(false);
                        throw new DicomNetworkException($"invalid PDV item (length {itemLength}) from the peer");
                    }

                    var contextId = body.Span[4];
                    var control = body.Span[5];
                    var fragment = body.Span.Slice(6, (int)itemLength - 2);
                    body = body[(4 + (int)itemLength)..];
                    if ((control & 1) != 0 && command is null)
                    {
                        _command.Write(fragment);
                        commandContext = contextId;
                        if (_command.Length > 64 * 1024)
                        {
                            throw new DicomNetworkException("command set too long");
                        }

                        if ((control & 2) != 0)
                        {
                            command = CommandSet.Parse(_command.GetBuffer().AsSpan(0, (int)_command.Length));
                            if (!command.HasDataSet)
                            {
                                return new DimseMessage(contextId, command, null);
                            }

                            dataset = new MemoryStream();
                        }
                    }
                    else if ((control & 1) == 0 && command is not null && contextId == commandContext)
                    {
                        dataset!.Write(fragment);
                        if (dataset.Length > MaxDataSetLength)
                        {
                            throw new DicomNetworkException("data set too long");
                        }

                        if ((control & 2) != 0)
                        {
                            return new DimseMessage(contextId, command, dataset.ToArray());
                        }
                    }
                    else
                    {
                        await AbortAsync(5).ConfigureAwait(false);
                        throw new DicomNetworkException("PDV out of sequence from the peer");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await AbortAsync(0).ConfigureAwait(false);
            throw new DicomNetworkException($"no DIMSE message from the peer within {_dimseTimeout.TotalSeconds:0.#} s");
        }
        finally
        {
            dataset?.Dispose();
        }
    }

    /// <summary>A-RELEASE (PS3.8 9.2.3), answering a release collision as the requestor does.</summary>
    public async Task ReleaseAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_dimseTimeout);
        try
        {
            await ReleaseWithinAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await AbortAsync(0).ConfigureAwait(false);
            throw new DicomNetworkException($"no A-RELEASE-RP within {_dimseTimeout.TotalSeconds:0.#} s (ARTIM)");
        }
    }

    private async Task ReleaseWithinAsync(CancellationToken ct)
    {
        await _connection.WriteAsync(ReleasePdu.Request, ct).ConfigureAwait(false);
        while (true)
        {
            var (ok, type, body) = await _connection.ReadAsync(ct).ConfigureAwait(false);
            switch (ok ? type : 0)
            {
                case 0:
                    throw new DicomNetworkException("the peer closed the connection before A-RELEASE-RP");
                case PduType.ReleaseResponse:
                    ReleasePdu.Validate(type, body.Length);
                    return; // Sta7 (or Sta11) → Sta1: we close the transport
                case PduType.ReleaseRequest:
                    // Release collision, Sta7 → Sta9: the requestor sends its A-RELEASE-RP first → Sta11.
                    ReleasePdu.Validate(type, body.Length);
                    await _connection.WriteAsync(ReleasePdu.Response, ct).ConfigureAwait(false);
                    break;
                case PduType.DataTransfer:
                    break; // AR-6: P-DATA may still arrive in Sta7; nothing can be answered now.
                case PduType.Abort:
                    throw new DicomNetworkException($"association aborted during release: {AbortPdu.Parse(body.Span)}");
                default:
                    await AbortAsync(2).ConfigureAwait(false);
                    throw new DicomNetworkException($"unexpected {type} in answer to A-RELEASE-RQ");
            }
        }
    }

    /// <summary>A-ABORT as service user (source 0) or, for a protocol error, provider (source 2) — PS3.8 9.3.8.</summary>
    public async Task AbortAsync(byte reason)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await _connection.WriteAsync(new AbortPdu(reason == 0 ? (byte)0 : (byte)2, reason).Encode(), cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone already.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _connection.Dispose();
        _command.Dispose();
        _socket.Dispose();
    }
}
