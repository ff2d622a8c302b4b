using Xunit;

namespace ImagingPipeline.Dicom.Tests;

public sealed class DictionaryAndUidTests
{
    [Fact]
    public void Dictionary_knows_keywords_vrs_and_repeating_groups()
    {
        Assert.Equal(DicomVR.LO, DicomDictionary.Lookup(DicomTag.PatientID)!.VR);
        Assert.Equal("Patient ID", DicomDictionary.Lookup(DicomTag.PatientID)!.Name);
        Assert.True(DicomDictionary.TryGetTag("ContourData", out var tag));
        Assert.Equal(new DicomTag(0x3006, 0x0050), tag);
        Assert.Equal("(3006,0050)", tag.ToString());
        Assert.Equal(DicomVR.OW, DicomDictionary.ImplicitVR(DicomTag.PixelData));
        Assert.NotNull(DicomDictionary.Lookup(new DicomTag(0x6002, 0x3000)));
        Assert.Equal(DicomVR.UN, DicomDictionary.ImplicitVR(new DicomTag(0x0009, 0x1001)));
        Assert.False(DicomDictionary.TryGetTag("NoSuchKeyword", out _));
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2", true)]
    [InlineData("2.25.0", true)]
    [InlineData("1.2.03", false)]
    [InlineData("1..2", false)]
    [InlineData("1.2.", false)]
    [InlineData("1.2.a", false)]
    [InlineData("", false)]
    public void Uid_validity_follows_ps35_9_1(string uid, bool valid) => Assert.Equal(valid, DicomUid.IsValid(uid));

    [Fact]
    public void Generated_uids_are_valid_and_distinct()
    {
        var a = DicomUid.Generate();
        Assert.True(DicomUid.IsValid(a));
        Assert.StartsWith("2.25.", a, StringComparison.Ordinal);
        Assert.NotEqual(a, DicomUid.Generate());
    }

    [Fact]
    public void Registry_and_storage_classes()
    {
        Assert.Equal("Transfer Syntax", DicomUid.Lookup("1.2.840.10008.1.2.1")!.Type);
        Assert.True(DicomSopClass.IsStorage(DicomSopClass.CTImageStorage));
        Assert.True(DicomSopClass.IsStorage(DicomSopClass.RTStructureSetStorage));
        Assert.False(DicomSopClass.IsStorage(DicomSopClass.Verification));
        Assert.False(DicomSopClass.IsStorage(DicomSopClass.StorageCommitmentPushModel));
        Assert.True(DicomSopClass.AllStorage.Count > 100);
        Assert.True(DicomTransferSyntax.RLELossless.IsEncapsulated);
        Assert.False(DicomTransferSyntax.ExplicitVRBigEndian.IsLittleEndian);
        Assert.False(DicomTransferSyntax.ImplicitVRLittleEndian.IsExplicitVR);
        Assert.True(DicomTransferSyntax.DeflatedExplicitVRLittleEndian.IsDeflated);
        Assert.False(DicomTransferSyntax.Lookup("1.2.3.999").IsKnown);
    }

    [Fact]
    public void Corpus_files_open_and_truncated_files_fail_with_a_parse_error()
    {
        var dir = ImagingPipeline.TestSupport.Environment.RepositoryPaths.PydicomTestFiles;
        if (!Directory.Exists(dir))
        {
            ImagingPipeline.TestSupport.Environment.Requirements.Unavailable("python3-pydicom test files");
            return;
        }

        var ct = DicomFile.Open(Path.Combine(dir, "CT_small.dcm"));
        Assert.Equal(128, ct.Dataset.GetInt32(DicomTag.Rows));
        Assert.Equal("CompressedSamples^CT1", ct.Dataset.GetString(DicomTag.PatientName));
        var rt = DicomFile.Open(Path.Combine(dir, "rtstruct.dcm"));
        Assert.NotEmpty(rt.Dataset.GetSequence(DicomTag.ROIContourSequence));
        Assert.Throws<DicomParseException>(() => DicomFile.Open(Path.Combine(dir, "rtplan_truncated.dcm")));
    }
}
