using ImagingPipeline.TestSupport.Environment;

namespace ImagingPipeline.Extraction.Tests.Acceptance;

/// <summary>pydicom's rtstruct.dcm (Debian python3-pydicom): a real export with an EXTERNAL, two ISOCENTER points and no images.</summary>
public sealed class RealWorldStructureSetTests
{
    private static string RtStruct => Requirements.Path(Path.Combine(RepositoryPaths.PydicomTestFiles, "rtstruct.dcm"), "pydicom's rtstruct.dcm");

    [Fact]
    public void Reads_with_only_the_missing_images_warning()
    {
        var result = new StudyExtractor().Extract([ExtractionInput.FromFile(RtStruct)], TestContext.Current.CancellationToken);

        Assert.Empty(result.Warnings);
        var assessment = Assert.Single(result.Assessments);
        Assert.Equal("tPhantom30sep", assessment.PatientId);
        Assert.Empty(assessment.Sites);
        Assert.Equal(["patient", "Isocenter 1", "Isocenter 2"], assessment.NonLesionRois);
        Assert.Equal(0, assessment.ExtracranialSiteCount);
        var warning = Assert.Single(assessment.Warnings);
        Assert.StartsWith("no images were received in the structure set's frame of reference", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Forced_rois_are_measured_and_point_markers_are_not()
    {
        var result = new StudyExtractor(new ExtractionOptions { LesionRoiNames = ["patient", "Isocenter 1"] })
            .Extract([ExtractionInput.FromFile(RtStruct)], TestContext.Current.CancellationToken);

        var sites = Assert.Single(result.Assessments).Sites;
        var external = Assert.Single(sites, s => s.RoiName == "patient");
        Assert.Equal(3, external.PlaneCount);
        Assert.True(external.VolumeCc > 0);
        Assert.Null(external.SuvMax);
        Assert.Equal(["no SUV: no PET series at this timepoint"], external.Warnings);

        var isocenter = Assert.Single(sites, s => s.RoiName == "Isocenter 1");
        Assert.Null(isocenter.VolumeCc);
        Assert.Contains(isocenter.Warnings, w => w.StartsWith("no closed planar contour", StringComparison.Ordinal));
    }
}
