using System.Buffers;
using System.Buffers.Binary;

namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// PDU framing over a stream (PS3.8 9.3.1): a 6-byte header and a body read into one pooled buffer.
/// A declared length above the limit is a protocol error, never an allocation.
/// </summary>
internal sealed class PduConnection : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer;
    private readonly byte[] _header = new byte[6];
    private readonly byte[] _pdvHeader = new byte[12];

    public PduConnection(Stream stream, int maxBody)
    {
        _stream = stream;
        MaxBody = maxBody;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBody, 64 * 1024));
    }

    public int MaxBody { get; set; }

    /// <summary>Reads one PDU; returns false on a clean end of stream before any header byte.</summary>
    public async ValueTask<(bool Ok, PduType Type, int Length)> ReadAsync(CancellationToken ct)
    {
        if (!await FillAsync(_header, ct).ConfigureAwait(false))
        {
            return (false, 0, 0);
        }

        var type = _header[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(2));
        if (type is < 1 or > 7)
        {
            throw DicomNetworkException.Protocol($"unrecognized PDU type 0x{type:X2}", 1);
        }

        if (length > (uint)MaxBody)
        {
            throw DicomNetworkException.Protocol($"PDU length {length} exceeds the limit {MaxBody}", 6);
        }

        if (_buffer.Length < (int)length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent((int)length);
        }

        if (!await FillAsync(_buffer.AsMemory(0, (int)length), ct).ConfigureAwait(false))
        {
            throw new EndOfStreamException("connection closed inside a PDU");
        }

        return (true, (PduType)type, (int)length);
    }

    /// <summary>The body of the PDU last read.</summary>
    public Memory<byte> Body(int length) => _buffer.AsMemory(0, length);

    public ValueTask WriteAsync(ReadOnlyMemory<byte> pdu, CancellationToken ct) => _stream.WriteAsync(pdu, ct);

    /// <summary>Writes a 4-byte-body PDU: A-RELEASE-RQ/RP, A-ASSOCIATE-RJ (result, source, reason), A-ABORT.</summary>
    public ValueTask WriteShortAsync(PduType type, byte b1, byte b2, byte b3, CancellationToken ct) =>
        _stream.WriteAsync(new byte[] { (byte)type, 0, 0, 0, 0, 4, 0, b1, b2, b3 }, ct);

    /// <summary>Writes one P-DATA-TF PDU holding a single PDV (PS3.8 9.3.5, E.2).</summary>
    public async ValueTask WritePdvAsync(byte contextId, bool command, bool last, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        var h = _pdvHeader;
        h[0] = (byte)PduType.DataTransfer;
        h[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(2), (uint)(data.Length + 6));
        BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(6), (uint)(data.Length + 2));
        h[10] = contextId;
        h[11] = (byte)((command ? 1 : 0) | (last ? 2 : 0));
        await _stream.WriteAsync(h, ct).ConfigureAwait(false);
        await _stream.WriteAsync(data, ct).ConfigureAwait(false);
    }

    public Task FlushAsync(CancellationToken ct) => _stream.FlushAsync(ct);

    private async ValueTask<bool> FillAsync(Memory<byte> target, CancellationToken ct)
    {
        var read = 0;
        while (read < target.Length)
        {
            var n = await _stream.ReadAsync(target[read..], ct).ConfigureAwait(false);
            if (n == 0)
            {
                if (read == 0)
                {
                    return false;
                }

                throw new EndOfStreamException("connection closed inside a PDU");
            }

            read += n;
        }

        return true;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
