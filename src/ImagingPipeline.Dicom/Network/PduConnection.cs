using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// PDU framing over a stream (PS3.8 9.3.1): every PDU is a 6-byte header (type, reserved, 32-bit big-endian
/// length) and a body. Reads go into one pooled receive buffer that can hold the largest PDU allowed, as
/// many bytes per read as the socket has, so small PDUs cost no extra system call. A declared length above
/// <see cref="MaxBody"/> is a protocol error found from the header alone, never an allocation.
/// Writes of one DIMSE message are serialized by <see cref="LockWritesAsync"/> so PDVs of two messages
/// never interleave (PS3.7 9.1.1, a message's fragments are sent in order).
/// </summary>
internal sealed class PduConnection : IDisposable
{
    private const int HeaderLength = 6;
    private const int InitialBuffer = 16 * 1024;
    private readonly Stream _stream;
    private readonly System.Net.Sockets.Socket? _socket;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private byte[] _buffer;
    private byte[] _writeBuffer = [];
    private int _start;
    private int _end;

    /// <param name="socket">The plain socket under <paramref name="stream"/> (null for TLS): when it already holds
    /// bytes, they are received synchronously, without the cost of an asynchronous completion.</param>
    public PduConnection(Stream stream, int maxBody, System.Net.Sockets.Socket? socket = null)
    {
        _stream = stream;
        _socket = socket;
        MaxBody = maxBody;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    }

    /// <summary>The largest PDU body accepted; the next <see cref="ReadAsync"/> checks against it.</summary>
    public int MaxBody { get; set; }

    /// <summary>
    /// The managed thread id of a thread of the association's own (not the pool's) on which reads of the plain socket
    /// may block: there a read waits in poll(2) and receives synchronously, with no epoll round trip and no hand-over
    /// to a pool thread per PDU. 0 (the default) or any other thread: reads that must wait are asynchronous.
    /// </summary>
    public int BlockingThreadId { get; set; }

    /// <summary>Whether the caller runs on <see cref="BlockingThreadId"/>.</summary>
    public bool OnBlockingThread => BlockingThreadId != 0 && BlockingThreadId == Environment.CurrentManagedThreadId;

    /// <summary>How often a blocked read looks at its cancellation token (the idle watchdog, ARTIM, the server stopping).</summary>
    private static readonly TimeSpan PollSlice = TimeSpan.FromMilliseconds(100);

    /// <summary>Bytes read from the stream so far (for audit); only the reading task updates it.</summary>
    public long BytesRead { get; private set; }

    /// <summary>
    /// Reads one PDU. Returns false on a clean end of stream before any header byte. The body is valid until
    /// the next call. The type is checked (PS3.8 9.3.1: 0x01-0x07) before the length.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(bool Ok, PduType Type, Memory<byte> Body)> ReadAsync(CancellationToken ct)
    {
        while (_end - _start < HeaderLength)
        {
            if (!await FillAsync(HeaderLength, ct).ConfigureAwait(false))
            {
                if (_end == _start)
                {
                    return (false, 0, Memory<byte>.Empty);
                }

                throw new EndOfStreamException("connection closed inside a PDU header");
            }
        }

        var type = _buffer[_start];
        var length = BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start + 2));
        if (type is < 1 or > 7)
        {
            throw DicomNetworkException.Protocol($"unrecognized PDU type 0x{type:X2}", 1);
        }

        if (length > (uint)MaxBody)
        {
            throw DicomNetworkException.Protocol($"PDU length {length} exceeds the limit {MaxBody}", 6);
        }

        var total = HeaderLength + (int)length;
        while (_end - _start < total)
        {
            if (!await FillAsync(total, ct).ConfigureAwait(false))
            {
                throw new EndOfStreamException("connection closed inside a PDU");
            }
        }

        var body = _buffer.AsMemory(_start + HeaderLength, (int)length);
        _start += total;
        return (true, (PduType)type, body);
    }

    /// <summary>Reads more bytes so that a PDU of <paramref name="total"/> bytes can be completed from _start.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> FillAsync(int total, CancellationToken ct)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }

        if (_start + total > _buffer.Length)
        {
            var unread = _end - _start;
            if (total > _buffer.Length)
            {
                // Grow to the limit in one step: a P-DATA stream will need it again at once.
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(total, HeaderLength + MaxBody));
                _buffer.AsSpan(_start, unread).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
            else
            {
                _buffer.AsSpan(_start, unread).CopyTo(_buffer);
            }

            _start = 0;
            _end = unread;
        }

        int n;
        if (_socket is { } socket && (socket.Available >= _start + total - _end || BlockUntilReadable(socket, ct)))
        {
            // Fast path: the rest of the PDU is already in the kernel (common while a data set streams in), or this is
            // the association's own thread, which has waited for bytes in poll(2).
            n = socket.Receive(_buffer, _end, _buffer.Length - _end, System.Net.Sockets.SocketFlags.None);
        }
        else
        {
            n = await _stream.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
        }

        _end += n;
        BytesRead += n;
        return n > 0;
    }

    /// <summary>
    /// On <see cref="BlockingThreadId"/>: waits until the socket has bytes (or its end, or an error) and returns true;
    /// cancellation is seen within <see cref="PollSlice"/>. Elsewhere returns false at once (the caller reads asynchronously).
    /// </summary>
    private bool BlockUntilReadable(System.Net.Sockets.Socket socket, CancellationToken ct)
    {
        if (!OnBlockingThread)
        {
            return false;
        }

        ct.ThrowIfCancellationRequested();
        while (!socket.Poll(PollSlice, System.Net.Sockets.SelectMode.SelectRead))
        {
            ct.ThrowIfCancellationRequested();
        }

        return true;
    }

    /// <summary>Takes the write lock for one whole message (or one PDU); dispose the result to release it.</summary>
    public async ValueTask<WriteScope> LockWritesAsync(CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        return new WriteScope(_writeLock);
    }

    /// <summary>Writes an encoded PDU; the caller holds the write lock or is the only writer.</summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> pdu, CancellationToken ct) => _stream.WriteAsync(pdu, ct);

    /// <summary>
    /// Writes <paramref name="data"/> as P-DATA-TF PDUs of one PDV each (PS3.8 9.3.5, Annex E.2), each PDV at most
    /// <paramref name="maxPdvData"/> bytes (the peer's maximum PDU length less the 6 bytes of PDV header), the
    /// last one flagged. Header and fragment go out in one write. The caller holds the write lock.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask WritePDataAsync(byte contextId, bool command, bool lastOfMessage, ReadOnlyMemory<byte> data,
        int maxPdvData, CancellationToken ct)
    {
        var offset = 0;
        do
        {
            var chunk = Math.Min(maxPdvData, data.Length - offset);
            var last = lastOfMessage && offset + chunk == data.Length;
            var pdu = FramePdv(contextId, command, last, data.Span.Slice(offset, chunk));
            await _stream.WriteAsync(pdu, ct).ConfigureAwait(false);
            offset += chunk;
        }
        while (offset < data.Length);
    }

    private ReadOnlyMemory<byte> FramePdv(byte contextId, bool command, bool last, ReadOnlySpan<byte> fragment)
    {
        var size = 12 + fragment.Length;
        if (_writeBuffer.Length < size)
        {
            if (_writeBuffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_writeBuffer);
            }

            _writeBuffer = ArrayPool<byte>.Shared.Rent(size);
        }

        var h = _writeBuffer.AsSpan();
        h[0] = (byte)PduType.DataTransfer;
        h[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(h[2..], (uint)(fragment.Length + 6));
        BinaryPrimitives.WriteUInt32BigEndian(h[6..], (uint)(fragment.Length + 2));
        h[10] = contextId;
        h[11] = (byte)((command ? 1 : 0) | (last ? 2 : 0)); // PS3.8 E.2 message control header
        fragment.CopyTo(h[12..]);
        return _writeBuffer.AsMemory(0, size);
    }

    public Task FlushAsync(CancellationToken ct) => _stream.FlushAsync(ct);

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        if (_writeBuffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_writeBuffer);
            _writeBuffer = [];
        }

        _writeLock.Dispose();
    }

    /// <summary>Releases the write lock when disposed.</summary>
    internal readonly struct WriteScope(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }
}
