namespace ImagingPipeline.Dicom.IO;

/// <summary>
/// Where the parser gets bytes: positions are offsets from the start of the encoded data. The parser
/// peeks at headers and captures values; a source decides whether a captured value is a slice of the
/// input, a copy in the compact value store, an array of its own, or left on disk.
/// </summary>
internal abstract class DicomSource : IDisposable
{
    protected DicomSource(long errorBase, bool inflated)
    {
        ErrorBase = errorBase;
        IsInflated = inflated;
    }

    /// <summary>Added to positions in error messages: the file offset of position 0.</summary>
    public long ErrorBase { get; }

    /// <summary>Positions count in the inflated data of a deflated syntax, not in the file.</summary>
    public bool IsInflated { get; }

    /// <summary>Bytes in the source, or -1 when unknown (a stream that cannot seek).</summary>
    public abstract long Length { get; }

    /// <summary>The store the captured ranges index.</summary>
    public abstract ValueStore Store { get; }

    /// <summary>Makes <paramref name="count"/> bytes at <paramref name="offset"/> available. False when the
    /// data ends first; <paramref name="bytes"/> then holds what there is.</summary>
    public abstract bool TryPeek(long offset, int count, out ReadOnlySpan<byte> bytes);

    /// <summary>Captures the value of <paramref name="slot"/> (whose tag and VR are set): a range of the
    /// store or an element of its own, swapped to little endian in units of <paramref name="swapUnit"/>
    /// bytes. False when the data ends before the value does.</summary>
    public abstract bool TryCapture(long offset, int length, int swapUnit, bool deferrable, ref ElementSlot slot);

    /// <summary>The bytes of a captured value while parsing goes on (the store is final only after <see cref="Complete"/>).</summary>
    public abstract ReadOnlySpan<byte> Captured(in ElementSlot slot);

    /// <summary>Parsing is over: the store's memory becomes final and buffers go back to their pools.</summary>
    public virtual void Complete()
    {
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Reverses each <paramref name="unit"/>-byte group in place (big endian to little endian).</summary>
    public static void Swap(Span<byte> value, int unit)
    {
        if (unit <= 1)
        {
            return;
        }

        for (var i = 0; i + unit <= value.Length; i += unit)
        {
            value.Slice(i, unit).Reverse();
        }
    }
}
