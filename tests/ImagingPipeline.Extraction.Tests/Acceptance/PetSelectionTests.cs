using ImagingPipeline.Dicom;
using ImagingPipeline.Phantoms;
using ImagingPipeline.Phantoms.Truth;

namespace ImagingPipeline.Extraction.Tests.Acceptance;

/// <summary>Which PET series a timepoint's SUV comes from, and why there is none when there is none.</summary>
public sealed class PetSelectionTests : IDisposable
{
    private readonly TempFolder _folder = new("pet-selection");
    private readonly PhantomTruth _truth;

    public PetSelectionTests() => _truth = PhantomGenerator.Write(new PhantomCase("pet-selection") { DiameterMm = 24 }.Build(), _folder.Path);

    public void Dispose() => _folder.Dispose();

    private IEnumerable<ExtractionInput> NonPet => ExtractionInput.FromFolder(_folder.Path).Where(i => !i.Name.Contains("/PT/", StringComparison.Ordinal));

    /// <summary>The PET instances, each changed by <paramref name="change"/>(index, data set).</summary>
    private IEnumerable<ExtractionInput> Pet(Action<int, DicomDataset> change)
    {
        var files = Directory.GetFiles(Path.Combine(_folder.Path, "petct", "PT")).Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < files.Count; i++)
        {
            var file = DicomFile.Open(files[i]);
            var ds = file.Dataset.Clone();
            change(i, ds);
            yield return ExtractionInput.FromDicomFile(new DicomFile(file.FileMetaInformation, ds), $"{files[i]} (changed)");
        }
    }

    private Contracts.OligoProgressionAssessed Extract(IEnumerable<ExtractionInput> inputs)
        => Assert.Single(new StudyExtractor().Extract(inputs, TestContext.Current.CancellationToken).Assessments);

    [Fact]
    public void Of_several_candidate_series_one_is_used_and_the_others_are_named()
    {
        const string copy = "1.2.826.0.1.3680043.10.1234.77";
        var assessment = Extract([.. ExtractionInput.FromFolder(_folder.Path), .. Pet((i, ds) =>
        {
            ds.AddOrUpdate(DicomTag.SeriesInstanceUID, copy);
            ds.AddOrUpdate(DicomTag.SOPInstanceUID, $"{copy}.{i + 1}");
        })]);

        var original = _truth.StructureSets.Single().PetSeriesUid!;
        var warning = Assert.Single(assessment.Warnings, w => w.StartsWith("several candidate PET series", StringComparison.Ordinal));
        Assert.Contains(copy, warning, StringComparison.Ordinal);
        Assert.Contains(original, warning, StringComparison.Ordinal);
        var site = Assert.Single(assessment.Sites);
        Assert.Equal(PhantomCase.LesionSuv, site.SuvMax!.Value, 0.005 * PhantomCase.LesionSuv);
        Assert.Contains(site.PetSeriesUid, new[] { original, copy });
    }

    [Fact]
    public void Missing_weight_means_no_suv_with_the_reason()
    {
        var assessment = Extract([.. NonPet, .. Pet((_, ds) => ds.Remove(DicomTag.PatientWeight))]);

        var site = Assert.Single(assessment.Sites);
        Assert.Null(site.SuvMax);
        Assert.Contains("no SUV: patient weight missing or 0", site.Warnings);
        Assert.Equal("no SUV: patient weight missing or 0", assessment.Methods.Suv);
        Assert.NotNull(site.VolumeCc);
    }

    [Fact]
    public void A_series_attribute_that_differs_between_instances_means_no_suv()
    {
        var assessment = Extract([.. NonPet, .. Pet((i, ds) =>
        {
            if (i == 3)
            {
                ds.GetSequence(DicomTag.RadiopharmaceuticalInformationSequence)[0].AddOrUpdate(DicomTag.RadionuclideTotalDose, DicomVR.DS, "123456789");
            }
        })]);

        var site = Assert.Single(assessment.Sites);
        Assert.Null(site.SuvMax);
        Assert.Contains("no SUV: RadionuclideTotalDose (0018,1074) differs between the instances of the series", site.Warnings);
    }
}
