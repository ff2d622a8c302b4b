using System.Text.Json;
using ImagingPipeline.Dicom;
using ImagingPipeline.Extraction.Tests.Acceptance;
using ImagingPipeline.Phantoms;

namespace ImagingPipeline.Extraction.Tests.Bugs;

/// <summary>
/// Found with the extraction fuzz harness (fuzz/ImagingPipeline.Fuzz): PET attributes that are each a valid
/// decimal string but implausible together (a dose or half-life of 1e-300, a weight of 1e300, a rescale slope
/// of 1e300) gave an SUV factor or SUV values of infinity. The extractor returned them in the assessment, and
/// serialising it as the worker's outbox and the CLI do threw ("number values such as positive and negative
/// infinity cannot be written as valid JSON"): the assessment could never be published. Now the series has no
/// SUV, with the reason, like any other PET that cannot give one.
/// </summary>
public sealed class InfiniteSuvStoppedTheAssessmentJson : IDisposable
{
    private readonly TempFolder _folder = new("infinite-suv");

    public InfiniteSuvStoppedTheAssessmentJson() =>
        PhantomGenerator.Write(new PhantomCase("infinite-suv") { DiameterMm = 20 }.Build(), _folder.Path);

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string> Changes() => new()
    {
        { "dose", "SUV factor" },
        { "half-life", "SUV factor" },
        { "weight", "SUV factor" },
        { "slope", "not finite numbers" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void An_implausible_pet_attribute_means_no_suv_and_a_publishable_assessment(string change, string reason)
    {
        var inputs = ExtractionInput.FromFolder(_folder.Path).Select(input => Change(input, change)).ToList();

        var assessment = Assert.Single(new StudyExtractor().Extract(inputs, TestContext.Current.CancellationToken).Assessments);

        var site = Assert.Single(assessment.Sites);
        Assert.Null(site.SuvMax);
        Assert.Null(site.SuvPeak);
        Assert.Contains(site.Warnings, w => w.StartsWith("no SUV: ", StringComparison.Ordinal) && w.Contains(reason, StringComparison.Ordinal));
        Assert.NotNull(site.VolumeCc);
        var json = JsonSerializer.Serialize(assessment, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Contains(site.RoiName, json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plausible_pet_still_has_suv()
    {
        var assessment = Assert.Single(new StudyExtractor().Extract(ExtractionInput.FromFolder(_folder.Path), TestContext.Current.CancellationToken).Assessments);

        Assert.Equal(PhantomCase.LesionSuv, Assert.Single(assessment.Sites).SuvMax!.Value, 0.005 * PhantomCase.LesionSuv);
    }

    private static ExtractionInput Change(ExtractionInput input, string change)
    {
        if (!input.Name.Contains("/PT/", StringComparison.Ordinal))
        {
            return input;
        }

        var file = DicomFile.Open(input.Name);
        var ds = file.Dataset.Clone();
        var radiopharmaceutical = ds.GetSequence(DicomTag.RadiopharmaceuticalInformationSequence)[0];
        switch (change)
        {
            case "dose":
                radiopharmaceutical.AddOrUpdate(DicomTag.RadionuclideTotalDose, DicomVR.DS, "1e-300");
                break;
            case "half-life":
                radiopharmaceutical.AddOrUpdate(DicomTag.RadionuclideHalfLife, DicomVR.DS, "1e-300");
                break;
            case "weight":
                ds.AddOrUpdate(DicomTag.PatientWeight, DicomVR.DS, "1e300");
                break;
            case "slope":
                ds.AddOrUpdate(DicomTag.RescaleSlope, DicomVR.DS, "1e300");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change, "unknown change");
        }

        return ExtractionInput.FromDicomFile(new DicomFile(file.FileMetaInformation, ds), input.Name + " (changed)");
    }
}
