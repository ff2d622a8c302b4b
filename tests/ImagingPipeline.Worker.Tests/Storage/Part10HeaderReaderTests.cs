using ImagingPipeline.TestSupport.Environment;
using ImagingPipeline.Worker.Storage;
using ImagingPipeline.Worker.Tests.Support;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Storage;

/// <summary>Header reading on pydicom's real-world files (values checked with dcmdump).</summary>
public sealed class Part10HeaderReaderTests
{
    private static string File(string name) =>
        Requirements.Path(Path.Combine(RepositoryPaths.PydicomTestFiles, name), "pydicom test file " + name);

    [Fact]
    public void Reads_explicit_little_endian_ct()
    {
        var h = Part10HeaderReader.Read(File("CT_small.dcm"));
        Assert.Equal("1.2.840.10008.1.2.1", h.TransferSyntaxUid);
        Assert.Equal("1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322", h.SopInstanceUid);
        Assert.Equal("1.3.6.1.4.1.5962.1.2.1.20040119072730.12322", h.StudyInstanceUid);
        Assert.Equal("1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322", h.SeriesInstanceUid);
        Assert.Equal("1CT1", h.PatientId);
        Assert.Equal("CT", h.Modality);
        Assert.Equal(Instances.Ct, h.SopClassUid);
    }

    [Theory]
    [InlineData("MR_small_implicit.dcm", "1.2.840.10008.1.2")]
    [InlineData("MR_small_bigendian.dcm", "1.2.840.10008.1.2.2")]
    [InlineData("MR_small.dcm", "1.2.840.10008.1.2.1")]
    public void Reads_the_same_instance_in_every_uncompressed_syntax(string name, string syntax)
    {
        var h = Part10HeaderReader.Read(File(name));
        Assert.Equal(syntax, h.TransferSyntaxUid);
        Assert.Equal("1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457", h.SopInstanceUid);
        Assert.Equal("MR", h.Modality);
        Assert.True(UidPolicy.IsValid(h.StudyInstanceUid));
    }

    [Fact]
    public void Reads_structure_set_contour_image_references_only()
    {
        // pydicom's rtstruct.dcm is a bare implicit VR data set: give it the Part 10 header the SCP writes.
        var raw = System.IO.File.ReadAllBytes(File("rtstruct.dcm"));
        var path = Path.Combine(Path.GetTempPath(), "ip-rt-" + Guid.NewGuid().ToString("N"));
        System.IO.File.WriteAllBytes(path, Part10.Wrap(raw, Instances.RtStruct, "1.2.826.0.1.3680043.8.498.2010020400001", Part10.ImplicitLittleEndian));
        InstanceHeader h;
        try
        {
            h = Part10HeaderReader.Read(path);
        }
        finally
        {
            System.IO.File.Delete(path);
        }

        Assert.Equal(Instances.RtStruct, h.SopClassUid);
        Assert.Equal("RTSTRUCT", h.Modality);
        Assert.Equal("1.2.826.0.1.3680043.8.498.2010020400001.1", h.StudyInstanceUid);
        // The RT Referenced Study item's (0008,1155) names a study, not an image: not a reference.
        Assert.DoesNotContain("1.2.826.0.1.3680043.8.498.2010020400001.2.1", h.ReferencedSopInstanceUids);
    }

    [Fact]
    public void Truncated_or_foreign_files_are_refused()
    {
        var bytes = System.IO.File.ReadAllBytes(File("CT_small.dcm"));
        var truncated = Path.Combine(Path.GetTempPath(), "ip-trunc-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Cut in the middle of the SOP Instance UID's value.
            var at = System.Text.Encoding.ASCII.GetString(bytes).IndexOf("1.3.6.1.4.1.5962.1.1.1.1.1.2004", StringComparison.Ordinal);
            Assert.True(at > 132);
            System.IO.File.WriteAllBytes(truncated, bytes[..(at + 10)]);
            Assert.Throws<InvalidDataException>(() => Part10HeaderReader.Read(truncated));
            System.IO.File.WriteAllBytes(truncated, new byte[300]);
            Assert.Throws<InvalidDataException>(() => Part10HeaderReader.Read(truncated));
        }
        finally
        {
            System.IO.File.Delete(truncated);
        }
    }
}
