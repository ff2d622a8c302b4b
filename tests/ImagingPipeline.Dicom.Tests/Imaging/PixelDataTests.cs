using System.Buffers.Binary;
using ImagingPipeline.Dicom.Imaging;
using ImagingPipeline.TestSupport.Environment;
using Xunit;

namespace ImagingPipeline.Dicom.Tests.Imaging;

public sealed class PixelDataTests
{
    private static DicomFile Corpus(string name) =>
        DicomFile.Open(Requirements.Path(Path.Combine(RepositoryPaths.PydicomTestFiles, name), "pydicom test file"));

    private static DicomDataset Image(int rows, int columns, int bitsAllocated, int bitsStored, int highBit, bool signed,
        byte[] pixels, int samples = 1, int frames = 1, int planar = 0, string photometric = "MONOCHROME2", DicomVR? vr = null)
    {
        var ds = new DicomDataset()
            .AddOrUpdate(DicomTag.SamplesPerPixel, DicomVR.US, (ushort)samples)
            .AddOrUpdate(DicomTag.PhotometricInterpretation, photometric)
            .AddOrUpdate(DicomTag.Rows, DicomVR.US, (ushort)rows)
            .AddOrUpdate(DicomTag.Columns, DicomVR.US, (ushort)columns)
            .AddOrUpdate(DicomTag.BitsAllocated, DicomVR.US, (ushort)bitsAllocated)
            .AddOrUpdate(DicomTag.BitsStored, DicomVR.US, (ushort)bitsStored)
            .AddOrUpdate(DicomTag.HighBit, DicomVR.US, (ushort)highBit)
            .AddOrUpdate(DicomTag.PixelRepresentation, DicomVR.US, (ushort)(signed ? 1 : 0))
            .AddOrUpdate(DicomTag.PixelData, vr ?? (bitsAllocated > 8 ? DicomVR.OW : DicomVR.OB), pixels);
        if (samples > 1)
        {
            ds.AddOrUpdate(DicomTag.PlanarConfiguration, DicomVR.US, (ushort)planar);
        }

        if (frames > 1)
        {
            ds.AddOrUpdate(DicomTag.NumberOfFrames, DicomVR.IS, frames);
        }

        return ds;
    }

    [Fact]
    public void Signed_16_bit_mr_matches_values_read_independently()
    {
        // Reference values: pydicom's raw PixelData of MR_small.dcm unpacked as little endian int16.
        var pixels = DicomPixelData.Create(Corpus("MR_small.dcm"));
        Assert.Equal((64, 64, 16, true), (pixels.Rows, pixels.Columns, pixels.BitsStored, pixels.IsSigned));
        var values = pixels.GetStoredValues(0);
        Assert.Equal([905L, 1019, 1227, 1259, 761], values[..5]);
        Assert.Equal(269, values[64 * 32 + 10]);
        Assert.Equal(127, values.Min());
        Assert.Equal(2145, values.Max());
        Assert.Equal(DicomRescale.Identity, pixels.GetRescale(0));
    }

    [Fact]
    public void Ct_modality_values_apply_rescale_slope_and_intercept()
    {
        var pixels = DicomPixelData.Create(Corpus("CT_small.dcm"));
        Assert.Equal(new DicomRescale(1, -1024, null), pixels.GetRescale(0) with { Type = null });
        var hu = pixels.GetModalityValues(0);
        Assert.Equal([175.0 - 1024, 180 - 1024, 166 - 1024, 143 - 1024, 139 - 1024], hu[..5]);
        var single = pixels.GetModalityValuesAsSingle(0);
        Assert.Equal(hu.Select(v => (float)v), single);
    }

    [Theory]
    [InlineData("MR_small.dcm", "MR_small_RLE.dcm")]
    [InlineData("MR_small.dcm", "MR_small_bigendian.dcm")]
    [InlineData("MR_small.dcm", "MR_small_expb.dcm")]
    [InlineData("MR_small.dcm", "MR_small_implicit.dcm")]
    [InlineData("rtdose.dcm", "rtdose_rle.dcm")]
    [InlineData("rtdose.dcm", "rtdose_expb.dcm")]
    [InlineData("rtdose_1frame.dcm", "rtdose_rle_1frame.dcm")]
    [InlineData("rtdose_1frame.dcm", "rtdose_expb_1frame.dcm")]
    [InlineData("liver_1frame.dcm", "liver_expb_1frame.dcm")]
    public void Every_encoding_of_the_same_image_gives_the_same_values(string reference, string other)
    {
        var expected = DicomPixelData.Create(Corpus(reference));
        var actual = DicomPixelData.Create(Corpus(other));
        Assert.Equal(expected.NumberOfFrames, actual.NumberOfFrames);
        for (var frame = 0; frame < expected.NumberOfFrames; frame++)
        {
            Assert.Equal(expected.GetStoredValues(frame), actual.GetStoredValues(frame));
        }
    }

    [Fact]
    public void Multi_frame_32_bit_dose_has_distinct_frames_and_known_values()
    {
        // Reference values: pydicom's raw PixelData of rtdose.dcm unpacked as little endian uint32.
        var pixels = DicomPixelData.Create(Corpus("rtdose.dcm"));
        Assert.Equal(15, pixels.NumberOfFrames);
        Assert.Equal([1249000L, 1249000, 1250000], pixels.GetStoredValues(0)[..3]);
        Assert.Equal(975000, pixels.GetStoredValues(7)[55]);
        Assert.Equal(1254000, Enumerable.Range(0, 15).Max(f => pixels.GetStoredValues(f).Max()));
        Assert.NotEqual(pixels.GetStoredValues(0), pixels.GetStoredValues(14));
    }

    [Fact]
    public void Thirty_two_bit_samples_are_swapped_whole_when_written_big_endian()
    {
        var source = Corpus("rtdose.dcm");
        var bigEndian = new DicomFile(DicomFile.CreateFileMetaInformation(DicomSopClass.CTImageStorage, "1.2.3", DicomTransferSyntax.ExplicitVRBigEndian), source.Dataset);
        using var stream = new MemoryStream();
        bigEndian.Save(stream);
        var bytes = stream.ToArray();

        // The first sample, 1249000 = 0x00130EE8, is on the wire as one big endian 32-bit number.
        var pixelStart = bytes.Length - 15 * 10 * 10 * 4;
        Assert.Equal(new byte[] { 0x00, 0x13, 0x0E, 0xE8 }, bytes[pixelStart..(pixelStart + 4)]);
        var read = DicomPixelData.Create(DicomFile.Parse(bytes));
        Assert.Equal(DicomPixelData.Create(source).GetStoredValues(3), read.GetStoredValues(3));
    }

    [Fact]
    public void One_bit_frames_unpack_least_significant_bit_first()
    {
        var pixels = DicomPixelData.Create(Corpus("liver_1frame.dcm"));
        Assert.Equal(36233, pixels.GetStoredValues(0).Sum());
        // Frame 0 is bits 0-9, frame 1 bits 10-19 of the same byte stream (frames are not byte aligned).
        var packed = Image(1, 10, 1, 1, 0, false, [0b1000_0101, 0b0001_0110, 0b1000, 0], frames: 2);
        var bits = DicomPixelData.Create(packed, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal([1L, 0, 1, 0, 0], bits.GetStoredValues(0)[..5]);
        Assert.Equal([1L, 0, 1, 0, 0, 0, 0, 0, 0, 1], bits.GetStoredValues(1));
    }

    [Theory]
    [InlineData("SC_rgb_rle.dcm")]
    [InlineData("SC_rgb_rle_2frame.dcm")]
    [InlineData("SC_rgb_rle_16bit.dcm")]
    [InlineData("SC_rgb_rle_16bit_2frame.dcm")]
    [InlineData("SC_rgb_rle_32bit.dcm")]
    [InlineData("SC_rgb_rle_32bit_2frame.dcm")]
    [InlineData("MR_small_RLE.dcm")]
    [InlineData("rtdose_rle.dcm")]
    public async Task Rle_decoding_matches_dcmtk(string name)
    {
        var source = Requirements.Path(Path.Combine(RepositoryPaths.PydicomTestFiles, name), "pydicom test file");
        var target = Path.Combine(Path.GetTempPath(), $"dcmdrle-{Guid.NewGuid():N}.dcm");
        try
        {
            var result = await ExternalTool.RunAsync(Requirements.Tool("dcmdrle"), ["+te", source, target], TestContext.Current.CancellationToken);
            Assert.True(result.ExitCode == 0, result.ToString());
            var decoded = DicomPixelData.Create(DicomFile.Open(target));
            var rle = DicomPixelData.Create(DicomFile.Open(source));
            Assert.True(rle.CanDecode);
            Assert.False(decoded.IsEncapsulated);
            for (var frame = 0; frame < rle.NumberOfFrames; frame++)
            {
                Assert.Equal(decoded.GetStoredValues(frame), rle.GetStoredValues(frame));
            }
        }
        finally
        {
            File.Delete(target);
        }
    }

    [Theory]
    [InlineData("SC_rgb_jpeg_dcmtk.dcm", "JPEG Baseline")]
    [InlineData("JPEG2000.dcm", "JPEG 2000")]
    [InlineData("MR_small_jpeg_ls_lossless.dcm", "JPEG-LS")]
    public void Syntaxes_without_a_decoder_throw_a_codec_error_naming_the_syntax(string name, string syntaxName)
    {
        var file = Corpus(name);
        var pixels = DicomPixelData.Create(file);
        Assert.False(pixels.CanDecode);
        Assert.True(pixels.Rows > 0);
        var ex = Assert.Throws<DicomCodecException>(() => pixels.GetModalityValues(0));
        Assert.Contains(syntaxName, ex.Message, StringComparison.Ordinal);
        Assert.Contains(file.TransferSyntax.Uid, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bits_outside_bits_stored_are_masked_and_signed_values_sign_extended()
    {
        // 12 bits stored at bits 0-11, junk (an overlay) in bits 12-15: 0xF800 → -2048, 0x07FF → 2047, 0xA001 → 1.
        var ds = Image(1, 3, 16, 12, 11, true, [0x00, 0xF8, 0xFF, 0x07, 0x01, 0xA0]);
        Assert.Equal([-2048L, 2047, 1], DicomPixelData.Create(ds, DicomTransferSyntax.ExplicitVRLittleEndian).GetStoredValues(0));

        // High bit 15, bits stored 12: the value is in bits 4-15.
        var shifted = Image(1, 2, 16, 12, 15, false, [0x0F, 0xFF, 0x10, 0x00]);
        Assert.Equal([0xFF0L, 1], DicomPixelData.Create(shifted, DicomTransferSyntax.ExplicitVRLittleEndian).GetStoredValues(0));
    }

    [Fact]
    public void Eight_and_thirty_two_bit_signed_and_unsigned()
    {
        var s8 = Image(1, 3, 8, 8, 7, true, [0x80, 0x7F, 0xFF, 0x00]);
        Assert.Equal([-128L, 127, -1], DicomPixelData.Create(s8, DicomTransferSyntax.ExplicitVRLittleEndian).GetStoredValues(0));
        var u32 = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(u32, 0xFFFFFFFF);
        BinaryPrimitives.WriteUInt32LittleEndian(u32.AsSpan(4), 7);
        Assert.Equal([4294967295L, 7], DicomPixelData.Create(Image(1, 2, 32, 32, 31, false, u32), DicomTransferSyntax.ExplicitVRLittleEndian).GetStoredValues(0));
        Assert.Equal([-1L, 7], DicomPixelData.Create(Image(1, 2, 32, 32, 31, true, u32), DicomTransferSyntax.ExplicitVRLittleEndian).GetStoredValues(0));
    }

    [Fact]
    public void Sixteen_bit_ob_pixel_data_in_big_endian_is_read_as_big_endian_samples()
    {
        // PS3.5 A.2 wants OW here, but writers do put 16-bit samples in OB; the samples are big endian numbers.
        var header = Image(1, 2, 16, 16, 15, false, [0, 0, 0, 0]);
        header.Remove(DicomTag.PixelData);
        var bytes = DicomDatasetWriter.Write(header, DicomTransferSyntax.ExplicitVRBigEndian).Concat(new byte[]
        {
            0x7F, 0xE0, 0x00, 0x10, (byte)'O', (byte)'B', 0, 0, 0, 0, 0, 4, 0x01, 0x02, 0x03, 0x04,
        }).ToArray();
        var ds = DicomDatasetReader.Read(bytes, DicomTransferSyntax.ExplicitVRBigEndian);
        Assert.Equal(DicomVR.OW, ds.First(e => e.Tag == DicomTag.PixelData).VR);
        Assert.Equal([0x0102L, 0x0304], DicomPixelData.Create(ds, DicomTransferSyntax.ExplicitVRBigEndian).GetStoredValues(0));
    }

    [Fact]
    public void Planar_and_interleaved_colour_give_the_same_pixel_order()
    {
        var interleaved = Image(1, 2, 8, 8, 7, false, [1, 2, 3, 4, 5, 6], samples: 3, photometric: "RGB");
        var planar = Image(1, 2, 8, 8, 7, false, [1, 4, 2, 5, 3, 6], samples: 3, planar: 1, photometric: "RGB");
        var expected = new long[] { 1, 2, 3, 4, 5, 6 };
        Assert.Equal(expected, DicomPixelData.Create(interleaved, DicomTransferSyntax.ExplicitVRLittleEndian).GetStoredValues(0));
        Assert.Equal(expected, DicomPixelData.Create(planar, DicomTransferSyntax.ExplicitVRLittleEndian).GetStoredValues(0));
    }

    [Fact]
    public void Ybr_full_422_is_expanded_to_three_samples_per_pixel()
    {
        var ds = Image(1, 4, 8, 8, 7, false, [10, 11, 100, 200, 20, 21, 101, 201], samples: 3, photometric: "YBR_FULL_422");
        Assert.Equal([10L, 100, 200, 11, 100, 200, 20, 101, 201, 21, 101, 201],
            DicomPixelData.Create(ds, DicomTransferSyntax.ExplicitVRLittleEndian).GetStoredValues(0));
        var corpus = DicomPixelData.Create(Corpus("SC_ybr_full_422_uncompressed.dcm"));
        Assert.Equal(100 * 100 * 3, corpus.GetStoredValues(0).Length);
    }

    [Fact]
    public void Per_frame_functional_groups_override_the_instance_rescale()
    {
        var ds = Image(1, 1, 16, 16, 15, false, [10, 0, 10, 0], frames: 2)
            .AddOrUpdate(DicomTag.RescaleSlope, DicomVR.DS, 3.0)
            .AddOrUpdate(DicomTag.RescaleIntercept, DicomVR.DS, 1.0);
        var pixels = DicomPixelData.Create(ds, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal([31.0], pixels.GetModalityValues(1));

        static DicomDataset Group(double slope, double intercept) => new DicomDataset().AddOrUpdate(DicomTag.PixelValueTransformationSequence,
            [new DicomDataset().AddOrUpdate(DicomTag.RescaleSlope, DicomVR.DS, slope).AddOrUpdate(DicomTag.RescaleIntercept, DicomVR.DS, intercept)]);
        ds.AddOrUpdate(DicomTag.SharedFunctionalGroupsSequence, [Group(2, 0)]);
        ds.AddOrUpdate(DicomTag.PerFrameFunctionalGroupsSequence, [new DicomDataset(), Group(0.5, -1)]);
        pixels = DicomPixelData.Create(ds, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal([20.0], pixels.GetModalityValues(0));
        Assert.Equal([4.0], pixels.GetModalityValues(1));
    }

    [Fact]
    public void Float_pixel_data_gives_modality_values_but_no_stored_integers()
    {
        var floats = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(floats, 1.5f);
        BinaryPrimitives.WriteSingleLittleEndian(floats.AsSpan(4), -2.25f);
        var ds = new DicomDataset()
            .AddOrUpdate(DicomTag.Rows, DicomVR.US, (ushort)1)
            .AddOrUpdate(DicomTag.Columns, DicomVR.US, (ushort)2)
            .AddOrUpdate(DicomTag.FloatPixelData, DicomVR.OF, floats);
        var pixels = DicomPixelData.Create(ds, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.True(pixels.IsFloat);
        Assert.Equal([1.5, -2.25], pixels.GetModalityValues(0));
        Assert.Throws<DicomDataException>(() => pixels.GetStoredValues(0));
    }

    [Fact]
    public void Short_pixel_data_bad_attributes_and_bad_frames_are_clear_errors()
    {
        var shortData = Image(2, 2, 16, 16, 15, false, [1, 0, 2, 0], frames: 1);
        var ex = Assert.Throws<DicomDataException>(() => DicomPixelData.Create(shortData, DicomTransferSyntax.ExplicitVRLittleEndian).GetStoredValues(0));
        Assert.Contains("holds 4 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Throws<DicomDataException>(() => DicomPixelData.Create(Image(1, 1, 12, 12, 11, false, [0, 0]), DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Throws<DicomDataException>(() => DicomPixelData.Create(Image(1, 1, 16, 16, 16, false, [0, 0]), DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Throws<DicomDataException>(() => DicomPixelData.Create(new DicomDataset(), DicomTransferSyntax.ExplicitVRLittleEndian));
        var one = DicomPixelData.Create(Image(1, 1, 16, 16, 15, false, [0, 0]), DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Throws<ArgumentOutOfRangeException>(() => one.GetStoredValues(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => one.GetStoredValues(-1));
        Assert.Throws<ArgumentException>(() => one.CopyModalityValues(0, Span<double>.Empty));
    }

    [Fact]
    public void Corrupt_rle_is_a_codec_error()
    {
        var file = Corpus("MR_small_RLE.dcm");
        var original = (DicomFragmentSequence)file.Dataset.First(e => e.Tag == DicomTag.PixelData);
        var frame = original.Fragments[0].ToArray();
        var damaged = new DicomDataset();
        foreach (var e in file.Dataset)
        {
            damaged.Add(e);
        }

        damaged.Set(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, ReadOnlyMemory<byte>.Empty, [frame.AsMemory(0, frame.Length / 2)]));
        var ex = Assert.Throws<DicomCodecException>(() => DicomPixelData.Create(damaged, file.TransferSyntax).GetStoredValues(0));
        Assert.Contains("RLE", ex.Message, StringComparison.Ordinal);
        frame[0] = 9;
        damaged.Set(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, ReadOnlyMemory<byte>.Empty, [frame]));
        Assert.Throws<DicomCodecException>(() => DicomPixelData.Create(damaged, file.TransferSyntax).GetStoredValues(0));
    }
}
