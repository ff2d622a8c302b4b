using System.Buffers.Binary;
using ImagingPipeline.Dicom.Tests.Support;
using Xunit;

namespace ImagingPipeline.Dicom.Tests.IO;

/// <summary>Malformed input gives a <see cref="DicomParseException"/> naming the tag and byte offset.</summary>
public sealed class ParseErrorTests
{
    private static readonly DicomTransferSyntax Explicit = DicomTransferSyntax.ExplicitVRLittleEndian;
    private static readonly DicomTransferSyntax Implicit = DicomTransferSyntax.ImplicitVRLittleEndian;

    private static byte[] Element(ushort group, ushort element, string vr, params byte[] value)
    {
        var header = new byte[vr is "OB" or "SQ" or "UN" ? 12 : 8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, group);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), element);
        header[4] = (byte)vr[0];
        header[5] = (byte)vr[1];
        if (header.Length == 12)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)value.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), (ushort)value.Length);
        }

        return [.. header, .. value];
    }

    private static DicomParseException Parse(byte[] bytes, DicomTransferSyntax syntax, DicomReadOptions? options = null) =>
        Assert.Throws<DicomParseException>(() => DicomDatasetReader.Read(bytes, syntax, options));

    [Fact]
    public void Every_truncation_of_a_file_is_a_parse_error_inside_the_file_or_a_cut_between_top_level_elements()
    {
        var whole = SyntheticInstances.StructureSet(rois: 2, contoursPerRoi: 2, pointsPerContour: 4);
        var bytes = SyntheticInstances.Encode(whole);
        var errors = 0;
        for (var length = 1; length < bytes.Length; length++)
        {
            try
            {
                // A data set has no overall length: a cut between two top-level elements leaves a shorter, valid one.
                var prefix = DicomFile.Parse(bytes.AsMemory(0, length)).Dataset;
                Assert.True(prefix.Count < whole.Dataset.Count);
                Assert.Empty(DatasetComparison.Differences(prefix, Prefix(whole.Dataset, prefix.Count)));
            }
            catch (DicomParseException ex)
            {
                Assert.InRange(ex.Offset, 0, length);
                Assert.Contains("byte offset", ex.Message, StringComparison.Ordinal);
                errors++;
            }
        }

        Assert.True(errors > bytes.Length * 9 / 10, $"{errors} of {bytes.Length} truncations were errors");
    }

    private static DicomDataset Prefix(DicomDataset dataset, int count)
    {
        var prefix = new DicomDataset();
        foreach (var element in dataset.Take(count))
        {
            prefix.Add(element);
        }

        return prefix;
    }

    [Fact]
    public void Odd_value_length_is_an_error_unless_accepted()
    {
        byte[] bytes = [.. Element(0x0010, 0x0010, "PN", "ABC"u8.ToArray()), .. Element(0x0010, 0x0020, "LO", "ID"u8.ToArray())];
        var ex = Parse(bytes, Explicit);
        Assert.Equal(DicomTag.PatientName, ex.Tag);
        Assert.Equal(0, ex.Offset);
        Assert.Contains("odd value length 3", ex.Message, StringComparison.Ordinal);
        var ds = DicomDatasetReader.Read(bytes, Explicit, new DicomReadOptions { AcceptOddLengths = true });
        Assert.Equal("ABC", ds.GetString(DicomTag.PatientName));
        Assert.Equal("ID", ds.GetString(DicomTag.PatientID));
    }

    [Fact]
    public void A_length_beyond_the_data_names_the_element()
    {
        var bytes = Element(0x0010, 0x0010, "PN", "AB"u8.ToArray());
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), 0x7FFE);
        var ex = Parse([.. Element(0x0008, 0x0060, "CS", "CT"u8.ToArray()), .. bytes], Explicit);
        Assert.Equal(DicomTag.PatientName, ex.Tag);
        Assert.Equal(10, ex.Offset);
        Assert.Contains("exceeds the 2 bytes left", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_length_in_a_stream_that_cannot_seek_fails_without_allocating_it()
    {
        var bytes = Element(0x7FE0, 0x0010, "OB", new byte[64]);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 0x7FFF_FFF0);
        using var stream = new CountingStream(new MemoryStream(bytes), seekable: false);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<DicomParseException>(() => DicomDatasetReader.Read(stream, Explicit));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 << 20);
        Assert.Equal(DicomTag.PixelData, ex.Tag);
    }

    [Theory]
    [InlineData("ZZ")]
    [InlineData("Ab")]
    public void A_vr_that_is_no_vr_is_an_error(string vr)
    {
        var ex = Parse(Element(0x0010, 0x0010, vr, "AB"u8.ToArray()), Explicit);
        Assert.Equal(DicomTag.PatientName, ex.Tag);
        Assert.Contains("invalid VR", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_value_whose_length_does_not_fit_its_vr_is_an_error()
    {
        var ex = Parse(Element(0x0028, 0x0010, "UL", new byte[6]), Explicit);
        Assert.Equal(DicomTag.Rows, ex.Tag);
        Assert.Contains("not a multiple of 4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_delimiters_are_errors()
    {
        // (3006,0039) SQ undefined length, item undefined length holding (3006,0084) IS "7 ", then nothing.
        byte[] item = [0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF, 0x06, 0x30, 0x84, 0x00, 2, 0, 0, 0, (byte)'7', (byte)' '];
        byte[] sequence = [0x06, 0x30, 0x39, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, .. item];
        var noItemEnd = Parse(sequence, Implicit);
        Assert.Contains("Item Delimitation", noItemEnd.Message, StringComparison.Ordinal);
        byte[] itemEnded = [.. sequence, 0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0];
        var noSequenceEnd = Parse(itemEnded, Implicit);
        Assert.Equal(DicomTag.ROIContourSequence, noSequenceEnd.Tag);
        Assert.Contains("Sequence Delimitation", noSequenceEnd.Message, StringComparison.Ordinal);
        byte[] delimited = [.. itemEnded, 0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0];
        var whole = DicomDatasetReader.Read(delimited, Implicit);
        Assert.Equal(7, Assert.Single(whole.GetSequence(DicomTag.ROIContourSequence)).GetInt32(DicomTag.ReferencedROINumber));
    }

    [Fact]
    public void Encapsulated_pixel_data_without_its_delimiter_is_an_error()
    {
        byte[] bytes =
        [
            0xE0, 0x7F, 0x10, 0x00, (byte)'O', (byte)'B', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF,
            0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0,
            0xFE, 0xFF, 0x00, 0xE0, 4, 0, 0, 0, 1, 2, 3, 4,
        ];
        var ex = Parse(bytes, DicomTransferSyntax.RLELossless);
        Assert.Equal(DicomTag.PixelData, ex.Tag);
        Assert.Contains("Sequence Delimitation", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stray_delimiter_in_a_data_set_is_an_error()
    {
        var ex = Parse([.. Element(0x0008, 0x0060, "CS", "CT"u8.ToArray()), 0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0], Explicit);
        Assert.Equal(DicomTag.SequenceDelimitationTag, ex.Tag);
        Assert.Equal(10, ex.Offset);
    }

    [Fact]
    public void Text_is_not_dicom()
    {
        var ex = Assert.Throws<DicomParseException>(() => DicomFile.Parse("This is a README, not a DICOM file at all.\n"u8.ToArray()));
        Assert.Equal(0, ex.Offset);
    }

    [Fact]
    public void Corrupt_and_oversized_deflated_data_sets_are_errors()
    {
        var file = new DicomFile(
            DicomFile.CreateFileMetaInformation(DicomSopClass.CTImageStorage, "1.2.3", DicomTransferSyntax.DeflatedExplicitVRLittleEndian),
            SyntheticInstances.CtSlice(64, 64).Dataset);
        var bytes = SyntheticInstances.Encode(file);
        Assert.Equal("PID0001234", DicomFile.Parse(bytes).Dataset.GetString(DicomTag.PatientID));
        var tooSmall = Assert.Throws<DicomParseException>(() => DicomFile.Parse(bytes, new DicomReadOptions { MaxInflatedLength = 1000 }));
        Assert.Contains("MaxInflatedLength", tooSmall.Message, StringComparison.Ordinal);
        var metaEnd = 128 + 4 + 12 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(128 + 4 + 8));
        for (var i = metaEnd; i < metaEnd + 40; i++)
        {
            bytes[i] ^= 0xFF;
        }

        var corrupt = Assert.Throws<DicomParseException>(() => DicomFile.Parse(bytes));
        Assert.True(corrupt.Offset >= 0);
    }
}
