using System.Buffers.Binary;
using ImagingPipeline.Dicom.IO;

namespace ImagingPipeline.Dicom;

/// <summary>A DICOM Part 10 file (PS3.10 7.1): 128-byte preamble, "DICM", file meta information (group
/// 0002, explicit VR little endian) and the data set in the transfer syntax the meta names. Files
/// without preamble or meta (a bare data set) are read too, their syntax recognised from the first element.</summary>
public sealed partial class DicomFile
{
    private const int PreambleLength = 128;

    public DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(fileMetaInformation);
        ArgumentNullException.ThrowIfNull(dataset);
        FileMetaInformation = fileMetaInformation;
        Dataset = dataset;
    }

    public DicomDataset FileMetaInformation { get; }

    public DicomDataset Dataset { get; }

    /// <summary>From (0002,0010); for a file whose meta has none, the syntax the data was read in.</summary>
    public DicomTransferSyntax TransferSyntax
    {
        get
        {
            var uid = FileMetaInformation.GetString(DicomTag.TransferSyntaxUID);
            return string.IsNullOrEmpty(uid) ? ReadSyntax ?? DicomTransferSyntax.ImplicitVRLittleEndian : DicomTransferSyntax.Lookup(uid);
        }
    }

    /// <summary>The parse stopped before Pixel Data (<see cref="DicomReadOptions.StopBeforePixelData"/>): the
    /// data set lacks it and whatever followed it.</summary>
    public bool IsHeaderOnly { get; private init; }

    private DicomTransferSyntax? ReadSyntax { get; init; }

    /// <summary>Reads a file by path with positional reads: no stream, values copied once into one compact
    /// buffer, bulk values of at least <see cref="DicomReadOptions.LargeValueThreshold"/> left on disk until used.</summary>
    /// <exception cref="DicomParseException">The file is not DICOM or is malformed (names tag and byte offset).</exception>
    public static DicomFile Open(string path, DicomReadOptions? options = null)
    {
        options ??= DicomReadOptions.Default;
        using var source = FileSource.Open(path, options);
        return Read(source, options);
    }

    /// <summary>Reads a file from a stream, forward only; with <see cref="DicomReadOptions.StopBeforePixelData"/>
    /// nothing after the header is read.</summary>
    /// <exception cref="DicomParseException">The data is not DICOM or is malformed (names tag and byte offset).</exception>
    public static DicomFile Read(Stream stream, DicomReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= DicomReadOptions.Default;
        using var source = new StreamSource(stream, options);
        return Read(source, options);
    }

    /// <summary>Parses a whole file held in memory; element values are slices of <paramref name="bytes"/>.</summary>
    /// <exception cref="DicomParseException">The data is not DICOM or is malformed (names tag and byte offset).</exception>
    public static DicomFile Parse(ReadOnlyMemory<byte> bytes, DicomReadOptions? options = null)
    {
        options ??= DicomReadOptions.Default;
        using var source = new MemorySource(bytes);
        return Read(source, options);
    }

    /// <summary>Preamble and meta (PS3.10 7.1), then the data set.</summary>
    private static DicomFile Read(DicomSource source, DicomReadOptions options)
    {
        var parser = new DicomParser(source, options);
        try
        {
            var metaStart = FindFileMeta(source);
            DicomDataset meta;
            long bodyStart;
            if (metaStart >= 0)
            {
                meta = parser.ReadFileMeta(metaStart, out bodyStart);
            }
            else
            {
                meta = new DicomDataset();
                bodyStart = 0;
            }

            var declared = parser.FileMetaTransferSyntax;
            var syntax = string.IsNullOrEmpty(declared) ? GuessSyntax(source, bodyStart) : DicomTransferSyntax.Lookup(declared);
            DicomDataset dataset;
            var stopped = false;
            if (syntax.IsDeflated)
            {
                dataset = ReadDeflated(source, bodyStart, syntax, options);
            }
            else
            {
                dataset = parser.ReadDataset(bodyStart, WireFormat.Of(syntax));
                stopped = parser.StoppedBeforePixelData;
            }

            source.Complete();
            return new DicomFile(meta, dataset) { ReadSyntax = syntax, IsHeaderOnly = stopped };
        }
        finally
        {
            parser.Release();
        }
    }

    private static DicomDataset ReadDeflated(DicomSource source, long bodyStart, DicomTransferSyntax syntax, DicomReadOptions options)
    {
        byte[] inflated;
        using (var remainder = new SourceStream(source, bodyStart))
        {
            inflated = Deflate.Inflate(remainder, bodyStart, options);
        }

        using var inflatedSource = new MemorySource(inflated, 0, inflated: true);
        var parser = new DicomParser(inflatedSource, options);
        try
        {
            return parser.ReadDataset(0, WireFormat.Of(syntax));
        }
        finally
        {
            parser.Release();
        }
    }

    /// <summary>True when the file starts with a Part 10 preamble and "DICM" (PS3.10 7.1); reads 132 bytes.
    /// Tools walking folders use it to pass over files that are not DICOM (READMEs and other extras).</summary>
    public static bool HasPart10Signature(string path)
    {
        Span<byte> head = stackalloc byte[PreambleLength + 4];
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return RandomAccess.Read(file, head, 0) == head.Length && head[PreambleLength..].SequenceEqual("DICM"u8);
    }

    /// <summary>Where group 0002 starts: after the preamble and "DICM" (PS3.10 7.1), after a bare "DICM",
    /// at 0 for a meta without preamble; −1 when there is no meta.</summary>
    private static long FindFileMeta(DicomSource source)
    {
        if (source.TryPeek(0, PreambleLength + 4, out var head) && head[PreambleLength..].SequenceEqual("DICM"u8))
        {
            return PreambleLength + 4;
        }

        if (head.Length >= 4 && head[..4].SequenceEqual("DICM"u8))
        {
            return 4;
        }

        if (head.Length >= 8 && BinaryPrimitives.ReadUInt16LittleEndian(head) == 0x0002 && DicomVRInfo.TryParse(head[4], head[5], out _))
        {
            return 0;
        }

        if (head.Length < 8)
        {
            throw new DicomParseException(default, 0, $"not DICOM: {head.Length} bytes are too few for a data element");
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(head) == 0 && BinaryPrimitives.ReadUInt16BigEndian(head) == 0)
        {
            // Group 0000 is the DIMSE command group, never stored; zeros here are a damaged preamble or an empty file.
            throw new DicomParseException(default, 0, "not DICOM: no \"DICM\" after a preamble, and the data does not start with a data element");
        }

        return -1;
    }

    /// <summary>The syntax of a data set without a declared one, from its first element header: explicit
    /// when bytes 4–5 are a VR, big endian when the group number only makes sense read that way.</summary>
    private static DicomTransferSyntax GuessSyntax(DicomSource source, long start)
    {
        if (!source.TryPeek(start, 8, out var head))
        {
            return DicomTransferSyntax.ImplicitVRLittleEndian;
        }

        var little = BinaryPrimitives.ReadUInt16LittleEndian(head);
        var big = BinaryPrimitives.ReadUInt16BigEndian(head);
        var isBig = little > 0x00FF && big <= 0x00FF;
        if (DicomVRInfo.TryParse(head[4], head[5], out _))
        {
            return isBig ? DicomTransferSyntax.ExplicitVRBigEndian : DicomTransferSyntax.ExplicitVRLittleEndian;
        }

        if (isBig)
        {
            throw new DicomParseException(new DicomTag(big, BinaryPrimitives.ReadUInt16BigEndian(head[2..])), start,
                "not DICOM: no file meta, and the first element is neither explicit VR nor implicit VR little endian");
        }

        return DicomTransferSyntax.ImplicitVRLittleEndian;
    }
}
