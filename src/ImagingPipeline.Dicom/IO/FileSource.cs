using Microsoft.Win32.SafeHandles;

namespace ImagingPipeline.Dicom.IO;

/// <summary>A file read with positional reads (no stream object, no seeking state). Bulk values of at
/// least the large-value threshold stay on disk as <see cref="DeferredFileElement"/>s.</summary>
internal sealed class FileSource : BufferedSource
{
    private readonly SafeFileHandle _handle;
    private readonly string _path;
    private readonly int _deferThreshold;
    private string? _fullPath;
    private DateTime? _lastWriteUtc;

    private FileSource(SafeFileHandle handle, string path, long length, int deferThreshold, int initialWindow)
        : base(errorBase: 0, initialWindow)
    {
        _handle = handle;
        _path = path;
        Length = length;
        _deferThreshold = deferThreshold;
    }

    public static FileSource Open(string path, DicomReadOptions options)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            var length = RandomAccess.GetLength(handle);
            var window = options.StopBeforePixelData ? 16 * 1024 : (int)Math.Min(length, 64 * 1024);
            return new FileSource(handle, path, length, options.LargeValueThreshold, window);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public override long Length { get; }

    protected override int ReadAt(long offset, Span<byte> destination) =>
        offset >= Length ? 0 : RandomAccess.Read(_handle, destination, offset);

    protected override DicomElement? TryDefer(long offset, int length, int swapUnit, in ElementSlot slot)
    {
        if (length < _deferThreshold)
        {
            return null;
        }

        // The full path and the write time are only needed once a value is left on disk.
        _fullPath ??= Path.GetFullPath(_path);
        _lastWriteUtc ??= File.GetLastWriteTimeUtc(_fullPath);
        return new DeferredFileElement(new DicomTag(slot.Tag), slot.VR, new FileRegion(_fullPath, offset, length, Length, _lastWriteUtc.Value), swapUnit);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _handle.Dispose();
        }

        base.Dispose(disposing);
    }
}
