namespace ImagingPipeline.Dicom.IO;

/// <summary>The rest of a source from an offset as a read-only forward stream (the deflated remainder of a file).</summary>
internal sealed class SourceStream : Stream
{
    private const int Chunk = 16 * 1024;
    private readonly DicomSource _source;
    private long _position;

    public SourceStream(DicomSource source, long start)
    {
        _source = source;
        _position = start;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        _source.TryPeek(_position, Math.Min(buffer.Length, Chunk), out var bytes);
        bytes.CopyTo(buffer);
        _position += bytes.Length;
        return bytes.Length;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
