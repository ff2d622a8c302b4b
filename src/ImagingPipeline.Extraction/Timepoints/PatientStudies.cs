using ImagingPipeline.Extraction.Binding;
using ImagingPipeline.Extraction.Frames;

namespace ImagingPipeline.Extraction.Timepoints;

/// <summary>Everything received for one patient: timepoints in date order, the registrations that join frames, and patient-level warnings.</summary>
internal sealed record PatientStudies
{
    public required string PatientId { get; init; }

    public string? IssuerOfPatientId { get; init; }

    public required IReadOnlyList<PatientTimepoint> Timepoints { get; init; }

    public required FrameGraph Frames { get; init; }

    /// <summary>Every image of the patient, PET included (contour references and frames are looked up here).</summary>
    public required IReadOnlyDictionary<string, ImageSlice> ImagesBySop { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The registration objects used for <see cref="Frames"/>, with their studies.</summary>
    public IReadOnlyList<RegistrationInfo> Registrations { get; init; } = [];
}
