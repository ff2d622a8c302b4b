using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ImagingPipeline.Worker.Storage;

/// <summary>
/// Reads the attributes the index needs from a received Part 10 file (PS3.10 7.1: preamble, "DICM",
/// group 0002 in explicit VR little endian) and stops at Pixel Data. Only top-level attributes and
/// the Referenced SOP Instance UIDs of Contour Image Sequence items (PS3.3 C.8.8.5/C.8.8.6) are
/// decoded; everything else is skipped by length, so large values are never loaded.
/// </summary>
internal sealed partial class Part10HeaderReader
{
    private const uint Undefined = 0xFFFFFFFF;
    private const uint PixelData = 0x7FE00010;
    private const uint ContourImageSequence = 0x30060016;
    private const uint ReferencedSopInstanceUid = 0x00081155;
    private const int MaxValueLength = 64 * 1024;

    /// <summary>Sequences read in implicit VR even with a defined length (those the reader descends into).</summary>
    private static readonly HashSet<uint> KnownSequences = [0x30060010, 0x30060012, 0x30060014, 0x30060016, 0x30060039, 0x30060040];

    private static readonly HashSet<uint> Wanted =
    [
        0x00080016, 0x00080018, 0x0020000D, 0x0020000E, 0x00100020, 0x00100010, 0x00100030, 0x00100040, 0x00080020,
        0x00080030, 0x00080050, 0x00081030, 0x00080060, 0x00200011, 0x0008103E, 0x00200052, 0x00200013, 0x00540081,
    ];

    private readonly Dictionary<uint, string> _values = [];
    private readonly List<string> _references = [];
    private Stream _stream;
    private long _position;
    private long? _length;
    private bool _explicitVr = true;
    private bool _bigEndian;
    private bool _stop;

    private Part10HeaderReader(Stream stream) => _stream = stream;

    /// <summary>Reads <paramref name="path"/>; throws <see cref="InvalidDataException"/> when it is not a readable Part 10 file.</summary>
    public static InstanceHeader Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var reader = new Part10HeaderReader(new BufferedStream(file, 1 << 16));
        try
        {
            return reader.ReadHeader();
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"The file ends inside an element at byte {reader._position}.", e);
        }
        catch (InvalidDataException e) when (e.InnerException is null && !e.Message.Contains("byte", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{e.Message} (at byte {reader._position})", e);
        }
    }

    private InstanceHeader ReadHeader()
    {
        Skip(128);
        Span<byte> magic = stackalloc byte[4];
        ReadExactly(magic);
        if (!magic.SequenceEqual("DICM"u8))
        {
            throw new InvalidDataException("No DICM prefix after the 128-byte preamble (PS3.10 7.1).");
        }

        var transferSyntax = ReadFileMeta(out var metaSopClass, out var metaSopInstance);
        switch (transferSyntax)
        {
            case "1.2.840.10008.1.2":
                _explicitVr = false;
                break;
            case "1.2.840.10008.1.2.2":
                _bigEndian = true;
                break;
            case "1.2.840.10008.1.2.1.99":
                // Deflated explicit VR little endian (PS3.5 A.5): the data set is a raw deflate stream.
                _stream = new DeflateStream(_stream, CompressionMode.Decompress);
                break;
        }

        ReadItems(untilItemDelimiter: false, end: -1, enclosingSequence: 0);
        return new InstanceHeader
        {
            SopClassUid = Get(0x00080016) ?? metaSopClass ?? "",
            SopInstanceUid = Get(0x00080018) ?? metaSopInstance ?? "",
            StudyInstanceUid = Get(0x0020000D) ?? "",
            SeriesInstanceUid = Get(0x0020000E) ?? "",
            TransferSyntaxUid = transferSyntax,
            PatientId = Get(0x00100020),
            PatientName = Get(0x00100010),
            PatientBirthDate = Get(0x00100030),
            PatientSex = Get(0x00100040),
            StudyDate = Get(0x00080020),
            StudyTime = Get(0x00080030),
            AccessionNumber = Get(0x00080050),
            StudyDescription = Get(0x00081030),
            Modality = Get(0x00080060),
            SeriesNumber = Get(0x00200011),
            SeriesDescription = Get(0x0008103E),
            FrameOfReferenceUid = Get(0x00200052),
            InstanceNumber = Get(0x00200013),
            NumberOfSlices = int.TryParse(Get(0x00540081), out var slices) ? slices : null,
            ReferencedSopInstanceUids = _references,
        };
    }

    private string? Get(uint tag) => _values.TryGetValue(tag, out var v) && v.Length > 0 ? v : null;
}
