namespace ImagingPipeline.Dicom.IO;

/// <summary>A stream read forward only; skipped ranges are sought over when the stream can seek and
/// read and dropped otherwise. Every value is read (a stream cannot be returned to later).</summary>
internal sealed class StreamSource : BufferedSource
{
    private readonly Stream _stream;
    private readonly long _start;
    private long _position;

    public StreamSource(Stream stream, DicomReadOptions options) : base(errorBase: 0, options.StopBeforePixelData ? 16 * 1024 : 64 * 1024)
    {
        _stream = stream;
        _start = stream.CanSeek ? stream.Position : 0;
        Length = stream.CanSeek ? Math.Max(0, stream.Length - _start) : -1;
    }

    public override long Length { get; }

    protected override int ReadAt(long offset, Span<byte> destination)
    {
        if (offset < _position)
        {
            throw new InvalidOperationException($"stream source asked to go back from {_position} to {offset}");
        }

        if (offset > _position)
        {
            if (_stream.CanSeek)
            {
                _stream.Seek(_start + offset, SeekOrigin.Begin);
                _position = offset;
            }
            else
            {
                Span<byte> discard = stackalloc byte[4096];
                while (_position < offset)
                {
                    var skipped = _stream.Read(discard[..(int)Math.Min(discard.Length, offset - _position)]);
                    if (skipped <= 0)
                    {
                        return 0;
                    }

                    _position += skipped;
                }
            }
        }

        var read = _stream.Read(destination);
        _position += read;
        return read;
    }
}
