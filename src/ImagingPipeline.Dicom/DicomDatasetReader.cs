using ImagingPipeline.Dicom.IO;

namespace ImagingPipeline.Dicom;

/// <summary>Parses an encoded data set (PS3.5 7) in a given transfer syntax, without Part 10 framing.</summary>
public static class DicomDatasetReader
{
    /// <summary>Reads a whole data set; values are slices of <paramref name="buffer"/>, not copies.
    /// <paramref name="baseOffset"/> is added to the byte offsets of errors.</summary>
    /// <exception cref="DicomParseException">Malformed data, naming the tag and byte offset.</exception>
    public static DicomDataset Read(ReadOnlyMemory<byte> buffer, DicomTransferSyntax syntax, DicomReadOptions? options = null, long baseOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        options ??= DicomReadOptions.Default;
        if (syntax.IsDeflated)
        {
            buffer = Deflate.Inflate(new MemoryStream(buffer.ToArray(), writable: false), baseOffset, options);
            baseOffset = 0;
        }

        using var source = new MemorySource(buffer, baseOffset, inflated: syntax.IsDeflated);
        return Parse(source, syntax, options);
    }

    /// <summary>Reads a whole data set from the rest of a stream (read forward only).</summary>
    /// <exception cref="DicomParseException">Malformed data, naming the tag and byte offset.</exception>
    public static DicomDataset Read(Stream stream, DicomTransferSyntax syntax, DicomReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(syntax);
        options ??= DicomReadOptions.Default;
        if (syntax.IsDeflated)
        {
            using var inflated = new MemorySource(Deflate.Inflate(stream, 0, options), 0, inflated: true);
            return Parse(inflated, syntax, options);
        }

        using var source = new StreamSource(stream, options);
        return Parse(source, syntax, options);
    }

    private static DicomDataset Parse(DicomSource source, DicomTransferSyntax syntax, DicomReadOptions options)
    {
        var parser = new DicomParser(source, options);
        try
        {
            var dataset = parser.ReadDataset(0, WireFormat.Of(syntax));
            source.Complete();
            return dataset;
        }
        finally
        {
            parser.Release();
        }
    }
}
