using System.Buffers.Binary;
using System.IO.Compression;
using ImagingPipeline.Dicom.IO;

namespace ImagingPipeline.Dicom;

/// <summary>Writing Part 10 files (PS3.10 7.1).</summary>
public sealed partial class DicomFile
{
    /// <summary>The toolkit's Implementation Class UID (a 2.25 UUID-derived root).</summary>
    public const string ImplementationClassUid = "2.25.262098143855467383720338127545916351839";

    public const string ImplementationVersionName = "IMAGINGPIPE_01";

    /// <summary>Writes the file to a path (created or replaced).</summary>
    public void Save(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024);
        Save(stream);
    }

    /// <summary>Writes preamble, meta and the data set in the meta's transfer syntax (explicit VR little
    /// endian when the meta names none); a deflated syntax is deflated here.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var meta = FileMetaInformation.Clone();
        if (!meta.Contains(DicomTag.TransferSyntaxUID))
        {
            meta.AddOrUpdate(DicomTag.TransferSyntaxUID, DicomVR.UI, (ReadSyntax ?? DicomTransferSyntax.ExplicitVRLittleEndian).Uid);
        }

        if (!meta.Contains(DicomTag.FileMetaInformationVersion))
        {
            meta.AddOrUpdateBytes(DicomTag.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0, 1 });
        }

        WriteFileMetaInformation(stream, meta);
        var syntax = DicomTransferSyntax.Lookup(meta.GetString(DicomTag.TransferSyntaxUID)!);
        if (syntax.IsDeflated)
        {
            using var deflate = new DeflateStream(stream, CompressionLevel.Optimal, leaveOpen: true);
            using var buffered = new BufferedStream(deflate, 64 * 1024);
            DicomDatasetWriter.Write(buffered, Dataset, syntax);
        }
        else
        {
            DicomDatasetWriter.Write(stream, Dataset, syntax);
        }
    }

    /// <summary>This file with its data set in another transfer syntax: the meta names the new syntax
    /// and this toolkit as the implementation; the data set is shared, not copied.</summary>
    /// <exception cref="DicomCodecException">Encapsulated pixel data cannot go into a native syntax, or the reverse.</exception>
    public DicomFile WithTransferSyntax(DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        var current = TransferSyntax;
        if (IsDirectory)
        {
            throw new DicomException("a DICOMDIR cannot be re-encoded here: its record offsets (0004,1200), (0004,1202), (0004,1400) "
                + "and (0004,1420) are byte offsets into the file (PS3.3 F.3.2) and would be wrong afterwards");
        }

        var encapsulated = Dataset.TryGetElement(DicomTag.PixelData, out var pixels) && pixels is DicomFragmentSequence;
        if (encapsulated != syntax.IsEncapsulated && Dataset.Contains(DicomTag.PixelData))
        {
            throw new DicomCodecException($"cannot convert pixel data from {current.Name} ({current.Uid}) to {syntax.Name} ({syntax.Uid}): "
                + "the toolkit does not compress or decompress pixel data here");
        }

        var meta = FileMetaInformation.Clone();
        meta.AddOrUpdate(DicomTag.TransferSyntaxUID, DicomVR.UI, syntax.Uid);
        meta.AddOrUpdate(DicomTag.ImplementationClassUID, DicomVR.UI, ImplementationClassUid);
        meta.AddOrUpdate(DicomTag.ImplementationVersionName, DicomVR.SH, ImplementationVersionName);
        return new DicomFile(meta, Dataset) { ReadSyntax = syntax };
    }

    /// <summary>A DICOMDIR (Media Storage Directory Storage, PS3.10 8.6 and PS3.3 F): records point at each other by byte offset.</summary>
    public bool IsDirectory =>
        FileMetaInformation.GetString(DicomTag.MediaStorageSOPClassUID) == DicomUids.MediaStorageDirectoryStorage
        || Dataset.Contains(DicomTag.DirectoryRecordSequence);

    /// <summary>A file meta information group for an instance (PS3.10 7.1).</summary>
    public static DicomDataset CreateFileMetaInformation(string sopClassUid, string sopInstanceUid, DicomTransferSyntax ts)
    {
        ArgumentNullException.ThrowIfNull(ts);
        var meta = new DicomDataset();
        meta.AddOrUpdateBytes(DicomTag.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0, 1 });
        meta.AddOrUpdate(DicomTag.MediaStorageSOPClassUID, DicomVR.UI, sopClassUid);
        meta.AddOrUpdate(DicomTag.MediaStorageSOPInstanceUID, DicomVR.UI, sopInstanceUid);
        meta.AddOrUpdate(DicomTag.TransferSyntaxUID, DicomVR.UI, ts.Uid);
        meta.AddOrUpdate(DicomTag.ImplementationClassUID, DicomVR.UI, ImplementationClassUid);
        meta.AddOrUpdate(DicomTag.ImplementationVersionName, DicomVR.SH, ImplementationVersionName);
        return meta;
    }

    /// <summary>Writes the 128-byte preamble, "DICM" and group 0002 in explicit VR little endian with its
    /// group length (0002,0000) computed.</summary>
    public static void WriteFileMetaInformation(Stream stream, DicomDataset meta)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(meta);
        var body = new DicomDataset();
        foreach (var e in meta)
        {
            if (e.Tag.Group == 0x0002 && e.Tag.Element != 0)
            {
                body.Set(e);
            }
        }

        using var group = new MemoryStream();
        DicomDatasetWriter.WriteElements(group, body, WireFormat.ExplicitLittle, skipGroup2: false);
        Span<byte> head = stackalloc byte[PreambleLength + 4 + 12];
        head.Clear();
        "DICM"u8.CopyTo(head[PreambleLength..]);
        var groupLength = head[(PreambleLength + 4)..];
        BinaryPrimitives.WriteUInt16LittleEndian(groupLength, 0x0002);
        BinaryPrimitives.WriteUInt16LittleEndian(groupLength[2..], 0x0000);
        groupLength[4] = (byte)'U';
        groupLength[5] = (byte)'L';
        BinaryPrimitives.WriteUInt16LittleEndian(groupLength[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(groupLength[8..], (uint)group.Length);
        stream.Write(head);
        stream.Write(group.GetBuffer().AsSpan(0, (int)group.Length));
    }
}
