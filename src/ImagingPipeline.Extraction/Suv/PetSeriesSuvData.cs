namespace ImagingPipeline.Extraction.Suv;

/// <summary>The series-level attributes SUV needs (DOMAIN §1), as read from one PET instance.</summary>
internal sealed record PetSeriesSuvData
{
    /// <summary>Units (0054,1001).</summary>
    public string? Units { get; init; }

    /// <summary>SUVType (0054,1006).</summary>
    public string? SuvType { get; init; }

    /// <summary>CorrectedImage (0028,0051) values.</summary>
    public IReadOnlyList<string> CorrectedImage { get; init; } = [];

    /// <summary>DecayCorrection (0054,1102): START, ADMIN or NONE.</summary>
    public string? DecayCorrection { get; init; }

    /// <summary>PatientWeight (0010,1030) as entered (kg, or g when above 1000).</summary>
    public double? PatientWeight { get; init; }

    /// <summary>PatientSize (0010,1020), m.</summary>
    public double? PatientSizeM { get; init; }

    /// <summary>PatientSex (0010,0040): M, F or O.</summary>
    public string? PatientSex { get; init; }

    /// <summary>RadionuclideTotalDose (0018,1074) as entered (Bq, or MBq when below 10⁴).</summary>
    public double? TotalDose { get; init; }

    /// <summary>RadionuclideHalfLife (0018,1075), s.</summary>
    public double? HalfLifeSeconds { get; init; }

    /// <summary>RadiopharmaceuticalStartDateTime (0018,1078).</summary>
    public DateTime? InjectionDateTime { get; init; }

    /// <summary>RadiopharmaceuticalStartTime (0018,1072), used on SeriesDate when the DateTime is absent.</summary>
    public TimeSpan? InjectionTime { get; init; }

    /// <summary>SeriesDate + SeriesTime (0008,0021/0031).</summary>
    public DateTime? SeriesDateTime { get; init; }

    /// <summary>Earliest AcquisitionDate/Time (0008,0022/0032) over the series' instances.</summary>
    public DateTime? EarliestAcquisition { get; init; }

    /// <summary>GE private scan start (0009,100D), creator GEMS_PETD_01.</summary>
    public DateTime? GePrivateScanDateTime { get; init; }

    /// <summary>Philips SUV Scale Factor (7053,1000).</summary>
    public double? PhilipsSuvScaleFactor { get; init; }

    /// <summary>Philips Activity Concentration Scale Factor (7053,1009).</summary>
    public double? PhilipsActivityScaleFactor { get; init; }
}
