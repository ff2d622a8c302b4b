using ImagingPipeline.Worker.Assessments;

namespace ImagingPipeline.Worker.Review.Pages;

/// <summary>One timepoint on the worklist: its latest version, the patient's name, what changed since the version before, the eligibility answer.</summary>
internal sealed record WorklistRow(AssessmentSummary Summary, string? PatientName, string? Changes, string? Eligibility);
