namespace ImagingPipeline.Phantoms.Truth;

/// <summary>Everything a generated patient is known to contain.</summary>
public sealed record PhantomTruth
{
    public required string PatientId { get; init; }

    /// <summary>Every file written, relative to the output folder, in writing order.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>Study key → Study Instance UID.</summary>
    public required IReadOnlyDictionary<string, string> StudyUids { get; init; }

    /// <summary>Frame key → Frame of Reference UID.</summary>
    public required IReadOnlyDictionary<string, string> FrameUids { get; init; }

    public required IReadOnlyList<StructureSetTruth> StructureSets { get; init; }

    public StructureSetTruth StructureSet(string studyKey) => StructureSets.Single(s => s.StudyKey == studyKey);
}
