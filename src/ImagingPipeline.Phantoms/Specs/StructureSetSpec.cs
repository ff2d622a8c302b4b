namespace ImagingPipeline.Phantoms.Specs;

/// <summary>
/// An RT structure set on the study's CT: every structure of the study's anatomy, contoured on each
/// CT plane it meets. <see cref="PetStudyKey"/> names the study whose PET measures it (the truth's SUV).
/// </summary>
public sealed record StructureSetSpec
{
    public string Label { get; init; } = "Contours";

    public PhantomTransferSyntax TransferSyntax { get; init; } = PhantomTransferSyntax.ExplicitVRLittleEndian;

    /// <summary>The study (same timepoint) whose PET series the lesions' SUV comes from; null when none.</summary>
    public string? PetStudyKey { get; init; }
}
