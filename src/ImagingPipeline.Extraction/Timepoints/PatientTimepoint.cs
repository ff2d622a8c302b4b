using ImagingPipeline.Extraction.Binding;

namespace ImagingPipeline.Extraction.Timepoints;

/// <summary>The studies of one patient that belong to one time (DESIGN: extraction works per patient timepoint).</summary>
internal sealed record PatientTimepoint
{
    /// <summary>The earliest study date of the timepoint; null when no study has a date.</summary>
    public DateTime? Date { get; init; }

    public required IReadOnlyList<string> StudyUids { get; init; }

    public required IReadOnlyList<StructureSetInfo> StructureSets { get; init; }

    public required IReadOnlyList<PetSlice> Pets { get; init; }

    public required IReadOnlyList<ImageSlice> Images { get; init; }

    /// <summary>Study UID → study date, for the record's StudiesUsed.</summary>
    public required IReadOnlyDictionary<string, DateTime?> StudyDates { get; init; }
}
