using ImagingPipeline.Dicom;
using ImagingPipeline.Extraction.Suv;

namespace ImagingPipeline.Extraction.Binding;

/// <summary>One PET image: its geometry, the SUV inputs it carries (DOMAIN §1) and its pixel data.</summary>
internal sealed record PetSlice
{
    /// <summary>The ATTN/DECY/… values, units and the other series-level inputs, as this instance states them.</summary>
    public required PetSeriesSuvData SeriesData { get; init; }

    public required ImageSlice Geometry { get; init; }

    public required double RescaleSlope { get; init; }

    public required double RescaleIntercept { get; init; }

    public required PetSliceTiming Timing { get; init; }

    /// <summary>The whole instance, pixel data included, and the syntax its values were read in.</summary>
    public required DicomDataset Dataset { get; init; }

    public required DicomTransferSyntax TransferSyntax { get; init; }

    private static readonly DicomTag PhilipsSuvScaleFactor = new(0x7053, 0x1000);
    private static readonly DicomTag PhilipsActivityScaleFactor = new(0x7053, 0x1009);
    private static readonly DicomTag GePrivateScanDateTime = new(0x0009, 0x100D);

    public static PetSlice Read(DicomDataset ds, DicomTransferSyntax syntax, ImageSlice geometry)
    {
        var isotope = ds.GetSequence(DicomTag.RadiopharmaceuticalInformationSequence);
        var radio = isotope.Count > 0 ? isotope[0] : new DicomDataset();
        var series = DatasetValues.DateTimeOf(ds, DicomTag.SeriesDate, DicomTag.SeriesTime);
        return new PetSlice
        {
            Geometry = geometry,
            Dataset = ds,
            TransferSyntax = syntax,
            RescaleSlope = DatasetValues.Number(ds, DicomTag.RescaleSlope) ?? 1,
            RescaleIntercept = DatasetValues.Number(ds, DicomTag.RescaleIntercept) ?? 0,
            Timing = new PetSliceTiming(
                DatasetValues.DateTimeOf(ds, DicomTag.AcquisitionDate, DicomTag.AcquisitionTime) ?? AcquisitionTimeOnSeriesDate(ds, series),
                DatasetValues.Number(ds, DicomTag.FrameReferenceTime),
                DatasetValues.Number(ds, DicomTag.ActualFrameDuration)),
            SeriesData = new PetSeriesSuvData
            {
                Units = DatasetValues.Text(ds, DicomTag.Units),
                SuvType = DatasetValues.Text(ds, DicomTag.SUVType),
                CorrectedImage = DatasetValues.Texts(ds, DicomTag.CorrectedImage),
                DecayCorrection = DatasetValues.Text(ds, DicomTag.DecayCorrection),
                PatientWeight = DatasetValues.Number(ds, DicomTag.PatientWeight),
                PatientSizeM = DatasetValues.Number(ds, DicomTag.PatientSize),
                PatientSex = DatasetValues.Text(ds, DicomTag.PatientSex),
                TotalDose = DatasetValues.Number(radio, DicomTag.RadionuclideTotalDose),
                HalfLifeSeconds = DatasetValues.Number(radio, DicomTag.RadionuclideHalfLife),
                InjectionDateTime = DatasetValues.DateTimeValue(radio, DicomTag.RadiopharmaceuticalStartDateTime),
                InjectionTime = DatasetValues.Time(radio, DicomTag.RadiopharmaceuticalStartTime)?.ToTimeSpan(),
                SeriesDateTime = series,
                GePrivateScanDateTime = DatasetValues.PrivateDateTime(ds, GePrivateScanDateTime),
                PhilipsSuvScaleFactor = DatasetValues.PrivateNumber(ds, PhilipsSuvScaleFactor),
                PhilipsActivityScaleFactor = DatasetValues.PrivateNumber(ds, PhilipsActivityScaleFactor),
            },
        };
    }

    /// <summary>An AcquisitionTime without AcquisitionDate is taken on the series date.</summary>
    private static DateTime? AcquisitionTimeOnSeriesDate(DicomDataset ds, DateTime? series)
        => series is { } s && DatasetValues.Time(ds, DicomTag.AcquisitionTime) is { } t ? s.Date + t.ToTimeSpan() : null;
}
