using System.Buffers.Binary;
using System.IO.Compression;

namespace ImagingPipeline.Extraction.Nifti;

/// <summary>
/// A binary mask read from a NIfTI-1 file (.nii or .nii.gz): the 348-byte header (sizeof_hdr,
/// dim[8] at 40, datatype at 70, bitpix at 72, vox_offset at 108), either byte order, then voxels
/// with x fastest. A voxel is in the mask when its value is not 0.
/// </summary>
internal sealed class NiftiMask
{
    private readonly bool[] _voxels;

    private NiftiMask(int nx, int ny, int nz, bool[] voxels)
    {
        (SizeX, SizeY, SizeZ) = (nx, ny, nz);
        _voxels = voxels;
    }

    public int SizeX { get; }

    public int SizeY { get; }

    public int SizeZ { get; }

    public long Count => _voxels.LongCount(v => v);

    public bool this[int x, int y, int z] => _voxels[x + (SizeX * (y + (SizeY * z)))];

    public static NiftiMask Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.ToArray());
    }

    public static NiftiMask Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 352)
        {
            throw new InvalidDataException("NIfTI file shorter than its 348-byte header.");
        }

        var little = BinaryPrimitives.ReadInt32LittleEndian(data) == 348;
        if (!little && BinaryPrimitives.ReadInt32BigEndian(data) != 348)
        {
            throw new InvalidDataException("Not a NIfTI-1 file (sizeof_hdr is not 348).");
        }

        var rank = I16(data, 40, little);
        if (rank is < 1 or > 7)
        {
            throw new InvalidDataException($"NIfTI dim[0] = {rank} is out of range.");
        }

        var nx = I16(data, 42, little);
        var ny = rank >= 2 ? I16(data, 44, little) : (short)1;
        var nz = rank >= 3 ? I16(data, 46, little) : (short)1;
        var datatype = I16(data, 70, little);
        var offsetBits = little ? BinaryPrimitives.ReadInt32LittleEndian(data[108..]) : BinaryPrimitives.ReadInt32BigEndian(data[108..]);
        var offset = (int)BitConverter.Int32BitsToSingle(offsetBits);
        var size = datatype switch
        {
            2 or 256 => 1,
            4 or 512 => 2,
            8 or 16 => 4,
            64 => 8,
            _ => throw new InvalidDataException($"NIfTI datatype {datatype} is not supported for masks."),
        };
        long count = (long)nx * ny * nz;
        if (offset < 348 || offset + (count * size) > data.Length)
        {
            throw new InvalidDataException("NIfTI voxel data is truncated.");
        }

        var voxels = new bool[count];
        for (var i = 0; i < count; i++)
        {
            var v = data.Slice(offset + (i * size), size);
            voxels[i] = datatype switch
            {
                16 => (little ? BinaryPrimitives.ReadSingleLittleEndian(v) : BinaryPrimitives.ReadSingleBigEndian(v)) != 0,
                64 => (little ? BinaryPrimitives.ReadDoubleLittleEndian(v) : BinaryPrimitives.ReadDoubleBigEndian(v)) != 0,
                _ => v.IndexOfAnyExcept((byte)0) >= 0,
            };
        }

        return new NiftiMask(nx, ny, nz, voxels);
    }

    private static short I16(ReadOnlySpan<byte> data, int at, bool little)
        => little ? BinaryPrimitives.ReadInt16LittleEndian(data[at..]) : BinaryPrimitives.ReadInt16BigEndian(data[at..]);
}
