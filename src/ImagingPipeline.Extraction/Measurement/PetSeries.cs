using System.Globalization;
using ImagingPipeline.Dicom;
using ImagingPipeline.Dicom.Imaging;
using ImagingPipeline.Extraction.Binding;
using ImagingPipeline.Extraction.Geometry;
using ImagingPipeline.Extraction.Pet;
using ImagingPipeline.Extraction.Suv;

namespace ImagingPipeline.Extraction.Measurement;

/// <summary>
/// One PET series as an SUV source (DOMAIN §1): its grid, a factor per slice (the slope is read per
/// instance, series-level attributes must agree across instances), or the reason there is no SUV.
/// The pixel data is decoded once, by <see cref="LoadVolume"/>.
/// </summary>
internal sealed class PetSeries
{
    private static readonly (string Name, Func<PetSeriesSuvData, object?> Value)[] SeriesAttributes =
    [
        ("Units (0054,1001)", s => s.Units),
        ("SUVType (0054,1006)", s => s.SuvType),
        ("CorrectedImage (0028,0051)", s => string.Join('\\', s.CorrectedImage)),
        ("DecayCorrection (0054,1102)", s => s.DecayCorrection),
        ("PatientWeight (0010,1030)", s => s.PatientWeight),
        ("PatientSize (0010,1020)", s => s.PatientSizeM),
        ("PatientSex (0010,0040)", s => s.PatientSex),
        ("RadionuclideTotalDose (0018,1074)", s => s.TotalDose),
        ("RadionuclideHalfLife (0018,1075)", s => s.HalfLifeSeconds),
        ("RadiopharmaceuticalStartDateTime (0018,1078)", s => s.InjectionDateTime),
        ("RadiopharmaceuticalStartTime (0018,1072)", s => s.InjectionTime),
        ("SeriesDate/SeriesTime (0008,0021/0031)", s => s.SeriesDateTime),
        ("GE scan start (0009,100D)", s => s.GePrivateScanDateTime),
    ];

    private PetSeries(IReadOnlyList<PetSlice> slices, ImageGrid? grid, string? problem)
    {
        Slices = slices;
        Grid = grid;
        NoSuvReason = problem;
    }

    public string SeriesUid => Slices[0].Geometry.Id.SeriesInstanceUid;

    public string StudyUid => Slices[0].Geometry.Id.StudyInstanceUid;

    public string? FrameOfReferenceUid => Slices[0].Geometry.Id.FrameOfReferenceUid;

    public DateTime? SeriesDateTime => Slices[0].SeriesData.SeriesDateTime ?? Slices[0].Geometry.Id.SeriesDateTime;

    /// <summary>The slices in grid order.</summary>
    public IReadOnlyList<PetSlice> Slices { get; }

    public ImageGrid? Grid { get; }

    public IReadOnlyList<double> Factors { get; private set; } = [];

    /// <summary>Why there is no SUV; null when there is.</summary>
    public string? NoSuvReason { get; private set; }

    /// <summary>How the SUV factor was derived (the first slice's method).</summary>
    public string? Method { get; private set; }

    /// <summary>SUL/SUV: Janmahasatian lean body mass over weight, when height and sex (M/F) are known.</summary>
    public double? SulFactor { get; private set; }

    public bool HasSuv => NoSuvReason is null;

    public static PetSeries Prepare(IReadOnlyList<PetSlice> slices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        var (grid, ordered, problem) = SeriesGrid.Build(slices, s => s.Geometry);
        var series = new PetSeries(grid is null ? slices : ordered, grid, problem is null ? null : "the PET series is not one image stack: " + problem);
        if (series.HasSuv)
        {
            series.ComputeFactors();
        }

        return series;
    }

    private void ComputeFactors()
    {
        var first = Slices[0].SeriesData;
        foreach (var (name, value) in SeriesAttributes)
        {
            var expected = value(first);
            if (Slices.Any(s => !Equals(value(s.SeriesData), expected)))
            {
                NoSuvReason = $"{name} differs between the instances of the series";
                return;
            }
        }

        var earliest = Slices.Select(s => s.Timing.Acquisition).Where(t => t is not null).Min();
        var factors = new double[Slices.Count];
        for (var i = 0; i < Slices.Count; i++)
        {
            var slice = Slices[i];
            var f = SuvCalculator.Factor(slice.SeriesData with { EarliestAcquisition = earliest }, slice.Timing, slice.RescaleIntercept);
            if (f.Value is not { } value)
            {
                NoSuvReason = f.Reason;
                return;
            }

            // Values in range one by one can still meet in a factor no SUV can carry: a dose or half-life of
            // 1e-300, a weight of 1e300, a decay interval of centuries. SUV is single precision (PetVolume).
            if (!double.IsFinite(value) || Math.Abs(value) > float.MaxValue)
            {
                NoSuvReason = string.Create(CultureInfo.InvariantCulture,
                    $"the SUV factor of PET image {slice.Geometry.Id.SopInstanceUid} is out of range ({value:G4}): weight, dose, half-life or decay interval implausible");
                return;
            }

            factors[i] = value;
            Method ??= f.Method;
        }

        Factors = factors;
        if (SuvCalculator.WeightGrams(first.PatientWeight) is { } grams && first.PatientSizeM is > 0 && SuvCalculator.IsMale(first.PatientSex) is { } male)
        {
            var kg = grams / 1000;
            SulFactor = BodyMeasures.LeanBodyMassJanmahasatian(kg, first.PatientSizeM.Value * 100, male) / kg;
        }
    }

    /// <summary>Decodes every slice once into SUVbw; null with <see cref="NoSuvReason"/> set when the pixel data cannot be read.</summary>
    public PetVolume? LoadVolume()
    {
        if (!HasSuv || Grid is null)
        {
            return null;
        }

        var suv = new float[Slices.Count][];
        for (var i = 0; i < Slices.Count; i++)
        {
            var slice = Slices[i];
            try
            {
                var pixels = DicomPixelData.Create(slice.Dataset, slice.TransferSyntax);
                if (pixels.Rows != Grid.Rows || pixels.Columns != Grid.Columns || pixels.SamplesPerPixel != 1)
                {
                    NoSuvReason = $"PET image {slice.Geometry.Id.SopInstanceUid} has pixel data that does not match its geometry";
                    return null;
                }

                var values = new float[pixels.ValuesPerFrame];
                pixels.CopyModalityValues(0, values);
                var factor = (float)Factors[i];
                for (var v = 0; v < values.Length; v++)
                {
                    values[v] *= factor;
                    if (!float.IsFinite(values[v]))
                    {
                        // A rescale slope of 1e300, or float pixel data holding NaN or infinity: an SUV that
                        // is not a number would stop the assessment from being written as JSON at all.
                        NoSuvReason = $"PET image {slice.Geometry.Id.SopInstanceUid} gives SUV values that are not finite numbers (rescaled pixel value × SUV factor out of range)";
                        return null;
                    }
                }

                suv[i] = values;
            }
            catch (DicomException ex)
            {
                NoSuvReason = string.Create(CultureInfo.InvariantCulture, $"the pixel data of PET image {slice.Geometry.Id.SopInstanceUid} cannot be read: {ex.Message}");
                return null;
            }
        }

        return new PetVolume(Grid, suv);
    }
}
