namespace ImagingPipeline.Consumers.Storage;

/// <summary>A confirmed SBRT target site: a progressive, reviewed-suitable extracranial site.</summary>
internal sealed record WorklistTarget(
    string PatientId,
    string StudyInstanceUid,
    int AssessmentVersion,
    int ReviewVersion,
    string SiteId,
    string RoiName,
    string TreatableRegion,
    string? FrameOfReferenceUid,
    IReadOnlyList<double>? CentroidMm,
    double? VolumeCc);
