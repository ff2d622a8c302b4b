using ImagingPipeline.Dicom;
using ImagingPipeline.TestSupport.Environment;

namespace ImagingPipeline.Phantoms.Tests;

/// <summary>Every file the generator writes is a valid IOD (dciodvfy finds no error), and the output is a pure function of the spec.</summary>
public sealed class GeneratedFilesTests
{
    [Fact]
    public async Task Every_file_of_the_sample_and_the_variants_passes_dciodvfy()
    {
        using var folder = new TempFolder("phantom-iod");
        var sample = PhantomGenerator.Write(SamplePatient.Create(), Path.Combine(folder.Path, "sample"));
        var variants = PhantomGenerator.Write(VariantPatient.Create(), Path.Combine(folder.Path, "variants"));
        var files = sample.Files.Select(f => Path.Combine(folder.Path, "sample", f))
            .Concat(variants.Files.Select(f => Path.Combine(folder.Path, "variants", f))).ToList();
        Assert.Contains(files, f => f.Contains("REG", StringComparison.Ordinal));

        var errors = await IodValidator.ErrorsAsync(files, folder.Path, TestContext.Current.CancellationToken);

        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(40)));
    }

    [Fact]
    public void The_same_spec_writes_the_same_bytes()
    {
        using var a = new TempFolder("phantom-a");
        using var b = new TempFolder("phantom-b");
        var first = PhantomGenerator.Write(VariantPatient.Create(), a.Path);
        var second = PhantomGenerator.Write(VariantPatient.Create(), b.Path);

        Assert.Equal(first.Files, second.Files);
        Assert.Equal(Directory.GetFiles(a.Path, "*", SearchOption.AllDirectories).Length, first.Files.Count);
        foreach (var file in first.Files)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(a.Path, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b.Path, file))), file);
        }
    }

    [Fact]
    public void Files_carry_the_requested_transfer_syntaxes_and_valid_uids()
    {
        using var folder = new TempFolder("phantom-ts");
        var truth = PhantomGenerator.Write(VariantPatient.Create(), folder.Path);
        string SyntaxOf(string study, string series) =>
            DicomFile.Open(Path.Combine(folder.Path, study, series, "0001.dcm")).TransferSyntax.Uid;

        Assert.Equal(DicomTransferSyntax.ImplicitVRLittleEndian.Uid, SyntaxOf("implicit", "PT"));
        Assert.Equal(DicomTransferSyntax.ExplicitVRBigEndian.Uid, SyntaxOf("bigendian", "CT"));
        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian.Uid, SyntaxOf("prone", "RTSTRUCT"));
        Assert.All(truth.StudyUids.Values.Concat(truth.FrameUids.Values), uid => Assert.True(DicomUid.IsValid(uid), uid));
        var uids = truth.Files.Select(f => DicomFile.Open(Path.Combine(folder.Path, f), new DicomReadOptions { StopBeforePixelData = true }).Dataset.GetString(DicomTag.SOPInstanceUID)!).ToList();
        Assert.All(uids, uid => Assert.True(DicomUid.IsValid(uid), uid));
        Assert.Equal(uids.Count, uids.Distinct(StringComparer.Ordinal).Count());
    }
}
