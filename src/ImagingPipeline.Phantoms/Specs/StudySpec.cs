namespace ImagingPipeline.Phantoms.Specs;

/// <summary>One study of a phantom patient: images of <see cref="Anatomy"/> in the frame <see cref="FrameKey"/>.</summary>
public sealed record StudySpec
{
    /// <summary>A short name, used for UIDs and folder names ("baseline", "followup", "planning").</summary>
    public required string Key { get; init; }

    public required string Description { get; init; }

    public required DateTime StudyDateTime { get; init; }

    public required string FrameKey { get; init; }

    /// <summary>The patient's structures at this study's time.</summary>
    public IReadOnlyList<PhantomStructure> Anatomy { get; init; } = [];

    public CtSeriesSpec? Ct { get; init; }

    public PetSeriesSpec? Pet { get; init; }

    public StructureSetSpec? StructureSet { get; init; }

    public IReadOnlyList<RegistrationSpec> Registrations { get; init; } = [];
}
