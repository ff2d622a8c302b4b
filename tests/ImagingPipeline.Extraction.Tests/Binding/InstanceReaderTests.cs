using ImagingPipeline.Dicom;
using ImagingPipeline.Extraction.Binding;
using ImagingPipeline.Extraction.Tests.Acceptance;

namespace ImagingPipeline.Extraction.Tests.Binding;

public sealed class InstanceReaderTests : IDisposable
{
    private static readonly DicomTag PrivateCreator = new(0x0009, 0x0010);
    private static readonly DicomTag PrivateBlob = new(0x0009, 0x1010);
    private readonly TempFolder _folder = new("reader");

    public void Dispose() => _folder.Dispose();

    private static DicomDataset Header(int blobLength)
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTag.SOPClassUID, DicomUids.RTStructureSetStorage);
        ds.AddOrUpdate(DicomTag.SOPInstanceUID, "1.2.3.4");
        ds.AddOrUpdate(PrivateCreator, DicomVR.LO, "TEST");
        ds.AddOrUpdate(PrivateBlob, DicomVR.OB, new byte[blobLength]);
        ds.AddOrUpdate(DicomTag.PatientName, "AFTER^BOUNDARY");
        ds.AddOrUpdate(DicomTag.PatientID, "P1");
        ds.AddOrUpdate(DicomTag.StudyInstanceUID, "1.2.3");
        return ds;
    }

    private string Save(DicomDataset ds, string name)
    {
        var path = Path.Combine(_folder.Path, name);
        new DicomFile(DicomFile.CreateFileMetaInformation(ds.GetString(DicomTag.SOPClassUID)!, "1.2.3.4", DicomTransferSyntax.ExplicitVRLittleEndian), ds).Save(path);
        return path;
    }

    [Fact]
    public void A_prefix_that_ends_exactly_on_an_element_boundary_is_not_taken_for_the_whole_header()
    {
        // Place the element after the blob at byte 16384, where the first prefix ends.
        var probe = File.ReadAllBytes(Save(Header(1000), "probe.dcm"));
        var at = probe.AsSpan().IndexOf(new byte[] { 0x10, 0x00, 0x10, 0x00 });
        var path = Save(Header(1000 + (16 * 1024) - at), "boundary.dcm");
        Assert.Equal(16 * 1024, File.ReadAllBytes(path).AsSpan().IndexOf(new byte[] { 0x10, 0x00, 0x10, 0x00 }));

        var file = InstanceReader.Open(path, _ => false);

        Assert.NotNull(file);
        Assert.Equal("AFTER^BOUNDARY", file.Dataset.GetString(DicomTag.PatientName));
        Assert.Equal("1.2.3", file.Dataset.GetString(DicomTag.StudyInstanceUID));
    }

    [Fact]
    public void A_header_longer_than_the_first_prefix_is_read_whole()
    {
        var file = InstanceReader.Open(Save(Header(100_000), "long.dcm"), _ => false);
        Assert.Equal("P1", file!.Dataset.GetString(DicomTag.PatientID));
    }

    [Fact]
    public void Pixel_data_is_read_only_when_asked_for()
    {
        var ds = Header(10);
        ds.AddOrUpdate(DicomTag.PixelData, DicomVR.OW, new byte[200_000]);
        var path = Save(ds, "pixels.dcm");

        Assert.False(InstanceReader.Open(path, _ => false)!.Dataset.Contains(DicomTag.PixelData));
        Assert.Equal(200_000, InstanceReader.Open(path, _ => true)!.Dataset.GetBytes(DicomTag.PixelData).Length);
    }

    [Fact]
    public void Files_that_are_not_dicom_are_skipped()
    {
        var readme = Path.Combine(_folder.Path, "README.md");
        File.WriteAllText(readme, "# Sample patient\n\nNot a DICOM file, but long enough to be parsed as one.\n");
        Assert.Null(InstanceReader.Open(readme, _ => true));
        var empty = Path.Combine(_folder.Path, "empty");
        File.WriteAllBytes(empty, []);
        Assert.Null(InstanceReader.Open(empty, _ => true));
    }
}
