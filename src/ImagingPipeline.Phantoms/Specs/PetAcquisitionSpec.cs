namespace ImagingPipeline.Phantoms.Specs;

/// <summary>
/// How a phantom PET series was acquired and labelled: F-18 FDG in Bq/ml (BQML), one bed position
/// per <see cref="SlicesPerBed"/> slices, each bed acquired for <see cref="FrameDurationSeconds"/>.
/// </summary>
public sealed record PetAcquisitionSpec
{
    /// <summary>F-18 half-life, s.</summary>
    public const double FluorineHalfLifeSeconds = 6586.2;

    public DecayCorrectionMode DecayCorrection { get; init; } = DecayCorrectionMode.Start;

    public double InjectedDoseBq { get; init; } = 250e6;

    /// <summary>Write RadionuclideTotalDose in MBq (a common site error the reader must repair).</summary>
    public bool DoseWrittenInMBq { get; init; }

    public required DateTime Injection { get; init; }

    /// <summary>SeriesDate/SeriesTime: the start of the first bed, and the START decay reference.</summary>
    public required DateTime SeriesStart { get; init; }

    /// <summary>Write only RadiopharmaceuticalStartTime (no StartDateTime), so the date must be inferred (midnight crossing).</summary>
    public bool InjectionTimeOnly { get; init; }

    public double FrameDurationSeconds { get; init; } = 120;

    public int SlicesPerBed { get; init; } = 16;

    /// <summary>RescaleSlope chosen per slice from the slice maximum (as scanners do); else one slope for the series.</summary>
    public bool PerSliceRescaleSlope { get; init; } = true;
}
