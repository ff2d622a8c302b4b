using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;

namespace ImagingPipeline.Dicom.Network;

/// <summary>The requestor side of one association (PS3.8 9.2: Sta4 → Sta5 → Sta6 → Sta7 → Sta1).</summary>
internal sealed class ScuAssociation : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PduConnection _connection;
    private readonly MemoryStream _command = new();
    private int _peerMaxPdv = 1 << 20;

    public ScuAssociation(Socket socket, int maxPdu)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _connection = new PduConnection(_stream, Math.Max(maxPdu, 64 * 1024));
    }

    public Dictionary<byte, PresentationContext> Accepted { get; } = [];

    public async Task AssociateAsync(AssociatePdu rq, CancellationToken ct)
    {
        await _connection.WriteAsync(AssociatePduWriter.Encode(rq), ct).ConfigureAwait(false);
        var (ok, type, length) = await _connection.ReadAsync(ct).ConfigureAwait(false);
        if (!ok)
        {
            throw new DicomNetworkException("the SCP closed the connection without answering the A-ASSOCIATE-RQ");
        }

        var body = _connection.Body(length).Span;
        switch (type)
        {
            case PduType.AssociateAccept:
                var ac = AssociatePdu.Parse(body, isAccept: true);
                foreach (var pc in ac.Contexts.Where(c => c.Result == PresentationContextResult.Acceptance))
                {
                    var proposed = rq.Contexts.FirstOrDefault(p => p.Id == pc.Id);
                    if (proposed is not null)
                    {
                        Accepted[pc.Id] = proposed with { Result = pc.Result, AcceptedTransferSyntax = pc.AcceptedTransferSyntax };
                    }
                }

                _peerMaxPdv = ac.MaxPduLength is 0 or > (1 << 22) ? 1 << 20 : (int)ac.MaxPduLength - 6;
                break;
            case PduType.AssociateReject when length >= 4:
                throw new DicomNetworkException(
                    $"association rejected: result {body[1]}, source {body[2]}, reason {body[3]} (PS3.8 Table 9-21)");
            case PduType.Abort when length >= 4:
                throw new DicomNetworkException($"association aborted: source {body[2]}, reason {body[3]}");
            default:
                throw new DicomNetworkException($"unexpected {type} in answer to A-ASSOCIATE-RQ");
        }
    }

    public async Task SendCommandAsync(byte contextId, CommandSet command, CancellationToken ct)
    {
        var bytes = command.Encode();
        for (var offset = 0; offset < bytes.Length;)
        {
            var chunk = Math.Min(_peerMaxPdv, bytes.Length - offset);
            await _connection.WritePdvAsync(contextId, true, offset + chunk == bytes.Length, bytes.AsMemory(offset, chunk), ct).ConfigureAwait(false);
            offset += chunk;
        }
    }

    /// <summary>Streams the data set part of a Part 10 file as P-DATA PDVs no larger than the peer's maximum.</summary>
    public async Task SendFileAsync(byte contextId, string path, long offset, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_peerMaxPdv);
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            file.Position = offset;
            var remaining = file.Length - offset;
            do
            {
                var n = await file.ReadAtLeastAsync(buffer.AsMemory(0, (int)Math.Min(_peerMaxPdv, remaining)), (int)Math.Min(_peerMaxPdv, remaining), true, ct)
                    .ConfigureAwait(false);
                remaining -= n;
                await _connection.WritePdvAsync(contextId, false, remaining == 0, buffer.AsMemory(0, n), ct).ConfigureAwait(false);
            }
            while (remaining > 0);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<CommandSet> ReadCommandAsync(CancellationToken ct)
    {
        _command.SetLength(0);
        while (true)
        {
            var (ok, type, length) = await _connection.ReadAsync(ct).ConfigureAwait(false);
            if (!ok || type != PduType.DataTransfer)
            {
                throw new DicomNetworkException(ok ? $"unexpected {type} while waiting for a response" : "the SCP closed the connection");
            }

            var body = _connection.Body(length);
            while (body.Length >= 6)
            {
                var itemLength = (int)BinaryPrimitives.ReadUInt32BigEndian(body.Span);
                if (itemLength < 2 || itemLength > body.Length - 4)
                {
                    throw new DicomNetworkException($"PDV item length {itemLength} invalid");
                }

                var control = body.Span[5];
                _command.Write(body.Span.Slice(6, itemLength - 2));
                body = body[(4 + itemLength)..];
                if ((control & 3) == 3)
                {
                    return CommandSet.Parse(_command.GetBuffer().AsSpan(0, (int)_command.Length));
                }
            }
        }
    }

    public async Task ReleaseAsync(CancellationToken ct)
    {
        await _connection.WriteShortAsync(PduType.ReleaseRequest, 0, 0, 0, ct).ConfigureAwait(false);
        var (ok, type, _) = await _connection.ReadAsync(ct).ConfigureAwait(false);
        if (ok && type != PduType.ReleaseResponse)
        {
            throw new DicomNetworkException($"unexpected {type} in answer to A-RELEASE-RQ");
        }
    }

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        _command.Dispose();
        _socket.Dispose();
        return _stream.DisposeAsync();
    }
}
