namespace ImagingPipeline.Dicom.Tests.Support;

/// <summary>A read-only wrapper that counts the bytes read and can hide the inner stream's seeking.</summary>
internal sealed class CountingStream(Stream inner, bool seekable) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => seekable && inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => CanSeek ? inner.Length : throw new NotSupportedException();

    public override long Position
    {
        get => CanSeek ? inner.Position : throw new NotSupportedException();
        set => inner.Position = CanSeek ? value : throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        BytesRead += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin) => CanSeek ? inner.Seek(offset, origin) : throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
