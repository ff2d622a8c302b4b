using ImagingPipeline.Extraction.Nifti;
using ImagingPipeline.TestSupport.Environment;

namespace ImagingPipeline.Extraction.Tests.Nifti;

public sealed class NiftiMaskTests
{
    [Fact]
    public void Every_DRO_mask_reads_and_covers_slices_1_to_18()
    {
        var root = Requirements.Path(RepositoryPaths.SuvDro, "SUV reference objects");

        var masks = Directory.GetFiles(root, "DRO_mask.nii.gz", SearchOption.AllDirectories);
        Assert.Equal(17, masks.Length);
        foreach (var path in masks)
        {
            var mask = NiftiMask.Read(path);
            Assert.Equal(20, mask.SizeZ);
            Assert.True(mask.Count > 0, path);
            var slices = Enumerable.Range(0, mask.SizeZ)
                .Where(z => Enumerable.Range(0, mask.SizeY).Any(y => Enumerable.Range(0, mask.SizeX).Any(x => mask[x, y, z])))
                .ToList();
            Assert.Equal(Enumerable.Range(1, 18), slices);
        }
    }

    [Fact]
    public void Big_endian_header_and_float_voxels_parse()
    {
        var data = new byte[352 + (2 * 2 * 1 * 4)];
        static void I16(byte[] d, int at, short v) => System.Buffers.Binary.BinaryPrimitives.WriteInt16BigEndian(d.AsSpan(at), v);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(data, 348);
        I16(data, 40, 3);
        I16(data, 42, 2);
        I16(data, 44, 2);
        I16(data, 46, 1);
        I16(data, 70, 16);
        System.Buffers.Binary.BinaryPrimitives.WriteSingleBigEndian(data.AsSpan(108), 352f);
        System.Buffers.Binary.BinaryPrimitives.WriteSingleBigEndian(data.AsSpan(352 + 12), 1f);
        var mask = NiftiMask.Parse(data);
        Assert.Equal(1, mask.Count);
        Assert.True(mask[1, 1, 0]);
        Assert.Throws<InvalidDataException>(() => NiftiMask.Parse(new byte[10]));
        Assert.Throws<InvalidDataException>(() => NiftiMask.Parse(new byte[400]));
    }
}
