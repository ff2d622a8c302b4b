namespace ImagingPipeline.Dicom.IO;

/// <summary>A value left on disk by the reader (a large bulk value such as pixel data); read, swapped
/// to little endian if the syntax is big endian, and kept on first access of <see cref="Data"/>.</summary>
internal sealed class DeferredFileElement : DicomElement
{
    private readonly FileRegion _region;
    private readonly int _swapUnit;
    private readonly Lock _lock = new();
    private byte[]? _data;

    public DeferredFileElement(DicomTag tag, DicomVR vr, FileRegion region, int swapUnit) : base(tag, vr)
    {
        _region = region;
        _swapUnit = swapUnit;
    }

    public override ReadOnlyMemory<byte> Data
    {
        get
        {
            if (_data is not null)
            {
                return _data;
            }

            lock (_lock)
            {
                if (_data is null)
                {
                    var bytes = _region.Read();
                    DicomSource.Swap(bytes, _swapUnit);
                    _data = bytes;
                }

                return _data;
            }
        }
    }

    public override long Length => _region.Length;

    /// <summary>True until the value has been read.</summary>
    public bool IsOnDisk => _data is null;
}
