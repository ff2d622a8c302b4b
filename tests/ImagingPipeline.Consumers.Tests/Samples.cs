using ImagingPipeline.Contracts;

namespace ImagingPipeline.Consumers.Tests;

/// <summary>Builds assessments and reviews for the tests.</summary>
internal static class Samples
{
    public const string Study = "1.2.826.0.1.3680043.8.498.1";

    public static SiteRecord Site(string id, string? region = null, bool intracranial = false, ProgressionStatus status = ProgressionStatus.Progressing) => new()
    {
        SiteId = $"1.2.3/{id}",
        RoiNumber = int.Parse(id, System.Globalization.CultureInfo.InvariantCulture),
        RoiName = $"GTV_{id}",
        IsIntracranial = intracranial,
        Organ = intracranial ? "brain" : region is null ? "lung" : "lymph node",
        NodalRegion = region,
        LymphNodeStation = region is null ? null : "4R",
        CentroidMm = [10.0 * int.Parse(id, System.Globalization.CultureInfo.InvariantCulture), 0, 0],
        VolumeCc = 2.5,
        FrameOfReferenceUid = "1.2.3.4",
        Progression = new Progression { Status = status },
    };

    public static OligoProgressionAssessed Assessment(int version, params SiteRecord[] sites) => new()
    {
        StudyInstanceUid = Study,
        PatientId = "PAT-1",
        Version = version,
        Sites = sites,
        ExtracranialSiteCount = sites.Count(s => !s.IsIntracranial),
    };

    public static SiteReviewCompleted Review(int version, int assessmentVersion, params SiteDecision[] decisions) => new()
    {
        StudyInstanceUid = Study,
        PatientId = "PAT-1",
        Version = version,
        AssessmentVersion = assessmentVersion,
        ReviewedBy = "rt1",
        Decisions = decisions,
    };

    public static SiteDecision Suitable(string id, bool suitable = true, bool progressive = true) =>
        new() { SiteId = $"1.2.3/{id}", Progressive = progressive, SbrtSuitable = suitable };
}
