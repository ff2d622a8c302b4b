using Xunit;

namespace ImagingPipeline.Dicom.Tests;

public sealed class DatasetRoundTripTests
{
    private static DicomDataset Sample()
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        ds.AddOrUpdate(DicomTag.PatientName, "Müller^Jürgen=ミュラー");
        ds.AddOrUpdate(DicomTag.PatientID, "P123");
        ds.AddOrUpdate(DicomTag.StudyDate, "20240131");
        ds.AddOrUpdate(DicomTag.StudyTime, "134501.25");
        ds.AddOrUpdate(DicomTag.Rows, DicomVR.US, (ushort)512);
        ds.AddOrUpdate(DicomTag.RescaleSlope, DicomVR.DS, 1.5);
        ds.AddOrUpdate(DicomTag.ImagePositionPatient, DicomVR.DS, -250.0, -250.5, 12.25);
        ds.AddOrUpdate(DicomTag.SOPClassUID, DicomSopClass.RTStructureSetStorage);
        ds.AddOrUpdate(DicomTag.SOPInstanceUID, "1.2.3.4.5");
        var contour = new DicomDataset().AddOrUpdate(DicomTag.ContourData, DicomVR.DS, 1.0, 2.0, 3.0, 4.5, 5.5, 6.5);
        var roi = new DicomDataset().AddOrUpdate(DicomTag.ReferencedROINumber, DicomVR.IS, 7)
            .AddOrUpdate(DicomTag.ContourSequence, [contour]);
        ds.AddOrUpdate(DicomTag.ROIContourSequence, [roi]);
        ds.AddOrUpdate(DicomTag.PixelData, DicomVR.OW, new byte[] { 1, 0, 2, 0, 0xFF, 0x7F });
        return ds;
    }

    public static TheoryData<string> Syntaxes => new()
    {
        DicomTransferSyntax.ImplicitVRLittleEndian.Uid,
        DicomTransferSyntax.ExplicitVRLittleEndian.Uid,
        DicomTransferSyntax.ExplicitVRBigEndian.Uid,
        DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid,
    };

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void File_round_trip_keeps_every_value(string syntaxUid)
    {
        var ts = DicomTransferSyntax.Lookup(syntaxUid);
        var file = new DicomFile(DicomFile.CreateFileMetaInformation(DicomSopClass.RTStructureSetStorage, "1.2.3.4.5", ts), Sample());
        using var stream = new MemoryStream();
        file.Save(stream);
        stream.Position = 0;
        var read = DicomFile.Read(stream);

        Assert.Equal(ts.Uid, read.TransferSyntax.Uid);
        var ds = read.Dataset;
        Assert.Equal("Müller^Jürgen=ミュラー", ds.GetString(DicomTag.PatientName));
        Assert.Equal("Jürgen", ds.GetPersonName(DicomTag.PatientName)!.GivenName);
        Assert.Equal("ミュラー", ds.GetPersonName(DicomTag.PatientName)!.Ideographic);
        Assert.Equal(512, ds.GetInt32(DicomTag.Rows));
        Assert.Equal(1.5, ds.GetDouble(DicomTag.RescaleSlope));
        Assert.Equal([-250.0, -250.5, 12.25], ds.GetDoubles(DicomTag.ImagePositionPatient));
        Assert.Equal(new DateOnly(2024, 1, 31), ds.GetDate(DicomTag.StudyDate));
        Assert.Equal(new TimeOnly(13, 45, 1, 250), ds.GetTime(DicomTag.StudyTime));
        var roi = Assert.Single(ds.GetSequence(DicomTag.ROIContourSequence));
        Assert.Equal(7, roi.GetInt32(DicomTag.ReferencedROINumber));
        var contour = Assert.Single(roi.GetSequence(DicomTag.ContourSequence));
        Assert.Equal([1.0, 2.0, 3.0, 4.5, 5.5, 6.5], contour.GetDoubles(DicomTag.ContourData));
        Assert.Equal(new byte[] { 1, 0, 2, 0, 0xFF, 0x7F }, ds.GetBytes(DicomTag.PixelData).ToArray());
        Assert.Equal([1.0, 2.0, 32767.0], ds.GetDoubles(DicomTag.PixelData));
    }

    [Fact]
    public void Big_endian_encoding_swaps_binary_values_on_the_wire()
    {
        var ds = new DicomDataset().AddOrUpdate(DicomTag.Rows, DicomVR.US, (ushort)0x0102);
        var bytes = DicomDatasetWriter.Write(ds, DicomTransferSyntax.ExplicitVRBigEndian);
        Assert.Equal(new byte[] { 0x00, 0x28, 0x00, 0x10, (byte)'U', (byte)'S', 0x00, 0x02, 0x01, 0x02 }, bytes);
        Assert.Equal(0x0102, DicomDatasetReader.Read(bytes, DicomTransferSyntax.ExplicitVRBigEndian).GetInt32(DicomTag.Rows));
    }

    [Fact]
    public void Implicit_sequence_of_defined_length_is_read()
    {
        // (3006,0039) SQ, defined length 24: one item of defined length 16 holding (3006,0084) IS "7 "
        byte[] bytes =
        [
            0x06, 0x30, 0x39, 0x00, 24, 0, 0, 0,
            0xFE, 0xFF, 0x00, 0xE0, 16, 0, 0, 0,
            0x06, 0x30, 0x84, 0x00, 2, 0, 0, 0, (byte)'7', (byte)' ',
            0x08, 0x00, 0x00, 0x00, 0, 0, 0, 0,
        ];
        Assert.Throws<DicomParseException>(() => DicomDatasetReader.Read(bytes.AsMemory(0, 26), DicomTransferSyntax.ImplicitVRLittleEndian));
        bytes[4] = 18;
        bytes[12] = 10;
        var ds = DicomDatasetReader.Read(bytes.AsMemory(0, 26), DicomTransferSyntax.ImplicitVRLittleEndian);
        Assert.Equal(7, Assert.Single(ds.GetSequence(DicomTag.ROIContourSequence)).GetInt32(DicomTag.ReferencedROINumber));
    }

    [Fact]
    public void Length_beyond_the_data_names_tag_and_offset()
    {
        byte[] bytes = [0x10, 0x00, 0x10, 0x00, (byte)'P', (byte)'N', 0xFF, 0x7F, (byte)'A', (byte)'B'];
        var ex = Assert.Throws<DicomParseException>(() => DicomDatasetReader.Read(bytes, DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Equal(DicomTag.PatientName, ex.Tag);
        Assert.Equal(0, ex.Offset);
        Assert.Contains("(0010,0010)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_a_parse_error_not_a_stack_overflow()
    {
        using var stream = new MemoryStream();
        for (var i = 0; i < 200; i++)
        {
            stream.Write([0x06, 0x30, 0x39, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF]);
        }

        var ex = Assert.Throws<DicomParseException>(() => DicomDatasetReader.Read(stream.ToArray().AsMemory(), DicomTransferSyntax.ImplicitVRLittleEndian));
        Assert.Contains("nested", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stop_before_pixel_data_leaves_pixel_data_out()
    {
        var file = new DicomFile(DicomFile.CreateFileMetaInformation(DicomSopClass.CTImageStorage, "1.2.3", DicomTransferSyntax.ExplicitVRLittleEndian), Sample());
        using var stream = new MemoryStream();
        file.Save(stream);
        stream.Position = 0;
        var read = DicomFile.Read(stream, new DicomReadOptions { StopBeforePixelData = true });
        Assert.False(read.Dataset.Contains(DicomTag.PixelData));
        Assert.Equal("P123", read.Dataset.GetString(DicomTag.PatientID));
    }
}
