using System.Buffers;

namespace ImagingPipeline.Dicom.IO;

/// <summary>
/// Encoded data read on demand (a file or a stream) through a pooled window. Small values are copied
/// into a pooled arena that becomes one compact array when parsing completes; values of at least
/// <see cref="OwnArrayLength"/> bytes get an array of their own, read straight into it; bulk values
/// of at least the large-value threshold may be left where they are (<see cref="TryDefer"/>).
/// Nothing is allocated from a declared length before the bytes are known to exist.
/// </summary>
internal abstract class BufferedSource : DicomSource
{
    /// <summary>Values this large are read into their own array rather than through the arena.</summary>
    protected const int OwnArrayLength = 16 * 1024;

    private const int MinimumWindow = 16 * 1024;

    private readonly ValueStore _store = new(ReadOnlyMemory<byte>.Empty);
    private byte[] _window;
    private long _windowStart;
    private int _windowLength;
    private byte[] _arena;
    private int _arenaLength;
    private bool _completed;

    protected BufferedSource(long errorBase, int initialWindow) : base(errorBase, inflated: false)
    {
        _window = ArrayPool<byte>.Shared.Rent(Math.Max(MinimumWindow, initialWindow));
        _arena = ArrayPool<byte>.Shared.Rent(4096);
    }

    public override ValueStore Store => _store;

    /// <summary>Reads up to <c>destination.Length</c> bytes at <paramref name="offset"/>, never before the
    /// end of what was read last; 0 at the end of the data.</summary>
    protected abstract int ReadAt(long offset, Span<byte> destination);

    /// <summary>Leaves a value where it is (a file on disk); null when this source cannot.</summary>
    protected virtual DicomElement? TryDefer(long offset, int length, int swapUnit, in ElementSlot slot) => null;

    public override bool TryPeek(long offset, int count, out ReadOnlySpan<byte> bytes)
    {
        if (offset < _windowStart || offset + count > _windowStart + _windowLength)
        {
            Fill(offset, count);
        }

        var start = (int)(offset - _windowStart);
        var available = Math.Max(0, _windowLength - start);
        bytes = _window.AsSpan(Math.Min(start, _windowLength), Math.Min(count, available));
        return available >= count;
    }

    public override bool TryCapture(long offset, int length, int swapUnit, bool deferrable, ref ElementSlot slot)
    {
        if (Length >= 0 && offset + length > Length)
        {
            return false;
        }

        if (deferrable && TryDefer(offset, length, swapUnit, slot) is { } deferred)
        {
            slot.Element = deferred;
            return true;
        }

        if (length >= OwnArrayLength)
        {
            var own = ReadOwn(offset, length);
            if (own is null)
            {
                return false;
            }

            Swap(own, swapUnit);
            slot.Element = new DicomElement(new DicomTag(slot.Tag), slot.VR, own);
            return true;
        }

        if (!TryPeek(offset, length, out var bytes))
        {
            return false;
        }

        if (_arenaLength + length > _arena.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_arena.Length * 2, _arenaLength + length));
            _arena.AsSpan(0, _arenaLength).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_arena);
            _arena = larger;
        }

        var target = _arena.AsSpan(_arenaLength, length);
        bytes.CopyTo(target);
        Swap(target, swapUnit);
        slot.Offset = _arenaLength;
        slot.Length = length;
        _arenaLength += length;
        return true;
    }

    public override ReadOnlySpan<byte> Captured(in ElementSlot slot) =>
        slot.Element is { } e ? e.Data.Span : _arena.AsSpan(slot.Offset, slot.Length);

    public override void Complete()
    {
        _store.Memory = _arenaLength == 0 ? ReadOnlyMemory<byte>.Empty : _arena.AsSpan(0, _arenaLength).ToArray();
        Release();
    }

    protected override void Dispose(bool disposing)
    {
        Release();
        base.Dispose(disposing);
    }

    private void Release()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        ArrayPool<byte>.Shared.Return(_window);
        ArrayPool<byte>.Shared.Return(_arena);
        _window = [];
        _arena = [];
        _windowLength = 0;
    }

    /// <summary>Makes the window start at <paramref name="offset"/> holding at least <paramref name="count"/>
    /// bytes where the data has them; bytes already in the window are kept, not read again.</summary>
    private void Fill(long offset, int count)
    {
        var windowEnd = _windowStart + _windowLength;
        var keep = offset >= _windowStart && offset < windowEnd ? (int)(windowEnd - offset) : 0;
        if (count > _window.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(count);
            _window.AsSpan((int)(offset - _windowStart), keep).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_window);
            _window = larger;
        }
        else if (keep > 0)
        {
            _window.AsSpan((int)(offset - _windowStart), keep).CopyTo(_window);
        }

        _windowStart = offset;
        _windowLength = keep;
        while (_windowLength < count)
        {
            var read = ReadAt(offset + _windowLength, _window.AsSpan(_windowLength));
            if (read <= 0)
            {
                break;
            }

            _windowLength += read;
        }
    }

    /// <summary>A value in an array of its own: what the window holds, then read directly. When the data
    /// length is unknown the array grows as bytes arrive, so a false length never allocates much more
    /// than what exists. Null when the data ends first.</summary>
    private byte[]? ReadOwn(long offset, int length)
    {
        var size = Length >= 0 ? length : Math.Min(length, OwnArrayLength * 4);
        var own = GC.AllocateUninitializedArray<byte>(size);
        var filled = 0;
        if (offset >= _windowStart && offset < _windowStart + _windowLength)
        {
            filled = (int)Math.Min(_windowStart + _windowLength - offset, length);
            _window.AsSpan((int)(offset - _windowStart), filled).CopyTo(own);
        }

        while (filled < length)
        {
            if (filled == own.Length)
            {
                Array.Resize(ref own, (int)Math.Min((long)own.Length * 2, length));
            }

            var read = ReadAt(offset + filled, own.AsSpan(filled));
            if (read <= 0)
            {
                return null;
            }

            filled += read;
        }

        return own;
    }
}
