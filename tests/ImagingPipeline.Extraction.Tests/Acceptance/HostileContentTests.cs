using ImagingPipeline.Dicom;
using ImagingPipeline.Phantoms;
using ImagingPipeline.Phantoms.Truth;

namespace ImagingPipeline.Extraction.Tests.Acceptance;

/// <summary>Malformed content becomes warnings; the rest of the patient is still assessed.</summary>
public sealed class HostileContentTests : IDisposable
{
    private readonly TempFolder _folder = new("hostile");
    private readonly PhantomTruth _truth;

    public HostileContentTests() => _truth = PhantomGenerator.Write(new PhantomCase("hostile") { DiameterMm = 20 }.Build(), _folder.Path);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_contour_with_a_coordinate_that_is_not_a_number_is_skipped_with_a_warning()
    {
        var path = Path.Combine(_folder.Path, "petct", "RTSTRUCT", "0001.dcm");
        var file = DicomFile.Open(path);
        var contour = file.Dataset.GetSequence(DicomTag.ROIContourSequence)[0].GetSequence(DicomTag.ContourSequence)[0];
        var data = contour.GetStrings(DicomTag.ContourData);
        data[0] = "NaN";
        contour.AddOrUpdate(DicomTag.ContourData, DicomVR.DS, data);
        file.Save(path);

        var result = new StudyExtractor().Extract(ExtractionInput.FromFolder(_folder.Path), TestContext.Current.CancellationToken);

        var assessment = Assert.Single(result.Assessments);
        Assert.Contains(assessment.Warnings, w => w.Contains("not a finite number", StringComparison.Ordinal));
        var site = Assert.Single(assessment.Sites);
        Assert.Equal(_truth.StructureSets.Single().Lesions.Single().PlaneCount - 1, site.PlaneCount);
        Assert.NotNull(site.SuvMax);
    }

    [Fact]
    public void A_truncated_file_and_a_stray_text_file_are_noted_and_the_rest_is_assessed()
    {
        // The CT slice through the lesion's centre (the stack is centred on it).
        var ct = Path.Combine(_folder.Path, "petct", "CT", "0021.dcm");
        var bytes = File.ReadAllBytes(ct);
        File.WriteAllBytes(ct, bytes.AsSpan(0, 700).ToArray());
        File.WriteAllText(Path.Combine(_folder.Path, "notes.txt"), "not DICOM at all, just a note left in the folder by someone");

        var result = new StudyExtractor().Extract(ExtractionInput.FromFolder(_folder.Path), TestContext.Current.CancellationToken);

        var note = Assert.Single(result.Warnings);
        Assert.Contains("0021.dcm: not read", note, StringComparison.Ordinal);
        Assert.Equal(1, result.FilesSkipped);
        var site = Assert.Single(Assert.Single(result.Assessments).Sites);
        Assert.NotNull(site.VolumeCc);
        var lesion = _truth.StructureSets.Single().Lesions.Single();
        Assert.Contains($"1 of {lesion.PlaneCount} contours reference images that were not received", string.Join("\n", site.Warnings), StringComparison.Ordinal);
        Assert.Equal(lesion.VolumeCc, site.VolumeCc!.Value, 0.03 * lesion.VolumeCc);
    }
}
