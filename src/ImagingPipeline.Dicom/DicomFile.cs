using System.Buffers.Binary;
using System.IO.Compression;

namespace ImagingPipeline.Dicom;

/// <summary>A DICOM Part 10 file (PS3.10 7.1): preamble, "DICM", file meta (group 2, explicit VR
/// LE) and the data set in the transfer syntax the meta names. Files without a preamble/meta are read too.</summary>
public sealed class DicomFile
{
    private const int PreambleLength = 128;

    public DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset)
    {
        FileMetaInformation = fileMetaInformation;
        Dataset = dataset;
    }

    public DicomDataset FileMetaInformation { get; }

    public DicomDataset Dataset { get; }

    /// <summary>From (0002,0010); implicit VR LE when the meta has none.</summary>
    public DicomTransferSyntax TransferSyntax
    {
        get
        {
            var uid = FileMetaInformation.GetString(DicomTag.TransferSyntaxUID);
            return string.IsNullOrEmpty(uid) ? DicomTransferSyntax.ImplicitVRLittleEndian : DicomTransferSyntax.Lookup(uid);
        }
    }

    public static DicomFile Open(string path, DicomReadOptions? options = null) =>
        Parse(File.ReadAllBytes(path), options);

    public static DicomFile Read(Stream stream, DicomReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return Parse(memory.ToArray(), options);
    }

    /// <summary>Parses a whole file held in memory; element values are slices of <paramref name="bytes"/>.</summary>
    public static DicomFile Parse(ReadOnlyMemory<byte> bytes, DicomReadOptions? options = null)
    {
        var span = bytes.Span;
        int position;
        DicomDataset meta;
        if (span.Length >= PreambleLength + 4 && span.Slice(PreambleLength, 4).SequenceEqual("DICM"u8))
        {
            meta = DicomDatasetReader.ReadGroup2(bytes[(PreambleLength + 4)..], PreambleLength + 4, out var consumed);
            position = PreambleLength + 4 + consumed;
        }
        else if (span.Length >= 4 && span[..4].SequenceEqual("DICM"u8))
        {
            meta = DicomDatasetReader.ReadGroup2(bytes[4..], 4, out var consumed);
            position = 4 + consumed;
        }
        else if (span.Length >= 6 && BinaryPrimitives.ReadUInt16LittleEndian(span) == 0x0002 && char.IsAsciiLetterUpper((char)span[4]))
        {
            meta = DicomDatasetReader.ReadGroup2(bytes, 0, out var consumed);
            position = consumed;
        }
        else
        {
            meta = new DicomDataset();
            position = 0;
            if (span.Length < 8)
            {
                throw new DicomParseException(default, 0, "not a DICOM file: too short");
            }

            meta.AddOrUpdate(DicomTag.TransferSyntaxUID, DicomVR.UI, GuessSyntax(span).Uid);
        }

        var file = new DicomFile(meta, new DicomDataset());
        var syntax = file.TransferSyntax;
        var body = bytes[position..];
        if (syntax.IsDeflated)
        {
            body = Inflate(body, position);
        }

        var dataset = DicomDatasetReader.Read(body, syntax, options, syntax.IsDeflated ? 0 : position);
        return new DicomFile(meta, dataset);
    }

    /// <summary>For a raw data set: explicit when bytes 4–5 look like a VR, big endian when the group reads small that way.</summary>
    private static DicomTransferSyntax GuessSyntax(ReadOnlySpan<byte> span)
    {
        var isExplicit = DicomVRInfo.TryParse(span[4], span[5], out _);
        if (!isExplicit)
        {
            return DicomTransferSyntax.ImplicitVRLittleEndian;
        }

        return BinaryPrimitives.ReadUInt16LittleEndian(span) > 0x00FF && BinaryPrimitives.ReadUInt16BigEndian(span) <= 0x00FF
            ? DicomTransferSyntax.ExplicitVRBigEndian
            : DicomTransferSyntax.ExplicitVRLittleEndian;
    }

    private static byte[] Inflate(ReadOnlyMemory<byte> body, int offset)
    {
        try
        {
            using var input = new MemoryStream(body.ToArray());
            using var deflate = new DeflateStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            deflate.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new DicomParseException($"corrupt deflated data set at byte offset {offset}", ex);
        }
    }

    public void Save(string path)
    {
        using var stream = File.Create(path);
        Save(stream);
    }

    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var meta = FileMetaInformation.Clone();
        if (!meta.Contains(DicomTag.TransferSyntaxUID))
        {
            meta.AddOrUpdate(DicomTag.TransferSyntaxUID, DicomVR.UI, DicomTransferSyntax.ExplicitVRLittleEndian.Uid);
        }

        WriteFileMetaInformation(stream, meta);
        var syntax = DicomTransferSyntax.Lookup(meta.GetString(DicomTag.TransferSyntaxUID)!);
        if (syntax.IsDeflated)
        {
            using var deflate = new DeflateStream(stream, CompressionLevel.Optimal, leaveOpen: true);
            DicomDatasetWriter.Write(deflate, Dataset, syntax);
        }
        else
        {
            DicomDatasetWriter.Write(stream, Dataset, syntax);
        }
    }

    /// <summary>A file meta information group for an instance (PS3.10 7.1).</summary>
    public static DicomDataset CreateFileMetaInformation(string sopClassUid, string sopInstanceUid, DicomTransferSyntax ts)
    {
        ArgumentNullException.ThrowIfNull(ts);
        var meta = new DicomDataset();
        meta.AddOrUpdate(DicomTag.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0, 1 });
        meta.AddOrUpdate(DicomTag.MediaStorageSOPClassUID, DicomVR.UI, sopClassUid);
        meta.AddOrUpdate(DicomTag.MediaStorageSOPInstanceUID, DicomVR.UI, sopInstanceUid);
        meta.AddOrUpdate(DicomTag.TransferSyntaxUID, DicomVR.UI, ts.Uid);
        meta.AddOrUpdate(DicomTag.ImplementationClassUID, DicomVR.UI, ImplementationClassUid);
        meta.AddOrUpdate(DicomTag.ImplementationVersionName, DicomVR.SH, ImplementationVersionName);
        return meta;
    }

    /// <summary>The toolkit's Implementation Class UID (a 2.25 UUID-derived root).</summary>
    public const string ImplementationClassUid = "2.25.262098143855467383720338127545916351839";

    public const string ImplementationVersionName = "IMAGINGPIPE_01";

    /// <summary>Writes the 128-byte preamble, "DICM" and group 2 in explicit VR LE with its group length.</summary>
    public static void WriteFileMetaInformation(Stream stream, DicomDataset meta)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(meta);
        using var group = new MemoryStream();
        var body = new DicomDataset();
        foreach (var e in meta)
        {
            if (e.Tag.Group == 0x0002 && e.Tag.Element != 0)
            {
                body.Set(e);
            }
        }

        DicomDatasetWriter.WriteElements(group, body, isExplicit: true, little: true, skipGroup2: false);
        Span<byte> head = stackalloc byte[PreambleLength + 4 + 12];
        head.Clear();
        "DICM"u8.CopyTo(head[PreambleLength..]);
        var gl = head[(PreambleLength + 4)..];
        BinaryPrimitives.WriteUInt16LittleEndian(gl, 0x0002);
        BinaryPrimitives.WriteUInt16LittleEndian(gl[2..], 0x0000);
        gl[4] = (byte)'U';
        gl[5] = (byte)'L';
        BinaryPrimitives.WriteUInt16LittleEndian(gl[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(gl[8..], (uint)group.Length);
        stream.Write(head);
        stream.Write(group.GetBuffer().AsSpan(0, (int)group.Length));
    }
}
