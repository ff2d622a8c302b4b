namespace ImagingPipeline.Phantoms.Specs;

/// <summary>A synthetic, de-identified patient: frames of reference and studies. Output is a pure function of the spec.</summary>
public sealed record PatientSpec
{
    public required string PatientId { get; init; }

    public string PatientName { get; init; } = "PHANTOM^PATIENT";

    /// <summary>PatientSex (0010,0040): M, F or O.</summary>
    public string Sex { get; init; } = "M";

    public DateOnly BirthDate { get; init; } = new(1960, 1, 1);

    public double WeightKg { get; init; } = 72;

    public double HeightM { get; init; } = 1.76;

    /// <summary>Every UID is derived from this seed and the object's role.</summary>
    public required string Seed { get; init; }

    public required IReadOnlyList<FrameSpec> Frames { get; init; }

    public required IReadOnlyList<StudySpec> Studies { get; init; }

    public BodyOutline Body { get; init; } = new();
}
