using System.Globalization;
using ImagingPipeline.Dicom;
using ImagingPipeline.Phantoms.Specs;

namespace ImagingPipeline.Phantoms.Writers;

/// <summary>
/// PET Image IOD (PS3.3 A.21) in Bq/ml. The activity concentration of a voxel with SUVbw s is
/// s·K: K = D/W (ADMIN), D·e^(−λ(t_series−t_inj))/W (START), and for NONE the mean over the frame,
/// D/W·e^(−λ(t_acq−t_inj))·(1−e^(−λT))/(λT) (D injected Bq, W grams, λ = ln 2/T½, T frame seconds).
/// </summary>
internal static class PetSeriesWriter
{
    public const string Folder = "PT";
    private const double MaxStored = 32000;

    public static string Write(StudyContext context, PetSeriesSpec spec, AnatomySampler anatomy)
    {
        var grid = spec.Grid;
        var acquisition = spec.Acquisition;
        var frameToWorld = context.WorldToFrame.Inverse();
        var lambda = Math.Log(2) / PetAcquisitionSpec.FluorineHalfLifeSeconds;
        var weightGrams = context.Patient.WeightKg * 1000;
        var duration = acquisition.FrameDurationSeconds;
        var tAverage = Math.Log(lambda * duration / (1 - Math.Exp(-lambda * duration))) / lambda;

        var activity = new float[grid.SliceCount][];
        var acquired = new DateTime[grid.SliceCount];
        for (var k = 0; k < grid.SliceCount; k++)
        {
            acquired[k] = acquisition.SeriesStart.AddSeconds(k / acquisition.SlicesPerBed * duration);
            var factor = ActivityPerSuv(acquisition, acquired[k], lambda, weightGrams);
            var slice = new float[grid.Rows * grid.Columns];
            for (var r = 0; r < grid.Rows; r++)
            {
                for (var c = 0; c < grid.Columns; c++)
                {
                    slice[(r * grid.Columns) + c] = (float)(anatomy.Suv(frameToWorld.Apply(grid.VoxelCentre(k, r, c))) * factor);
                }
            }

            activity[k] = slice;
        }

        var seriesMax = activity.Max(s => s.Max());
        var pixels = new short[grid.Rows * grid.Columns];
        string? seriesUid = null;
        for (var k = 0; k < grid.SliceCount; k++)
        {
            var max = acquisition.PerSliceRescaleSlope ? activity[k].Max() : seriesMax;
            var slopeText = DicomValues.Decimal(max > 0 ? max / MaxStored : 1);
            var slope = double.Parse(slopeText, CultureInfo.InvariantCulture);
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (short)Math.Clamp(Math.Round(activity[k][i] / slope), short.MinValue, short.MaxValue);
            }

            var ds = CommonModules.Create(context, "PT", Folder, 2, "PET AC " + context.Study.Description, acquisition.SeriesStart, DicomUids.PositronEmissionTomographyImageStorage, k + 1);
            CommonModules.AddFrameOfReference(ds, context.FrameOfReferenceUid);
            AddSeriesAndIsotope(ds, spec, grid.SliceCount);
            ds.AddOrUpdate(DicomTag.ImageType, "ORIGINAL", "PRIMARY");
            ds.AddOrUpdate(DicomTag.AcquisitionDate, DicomValues.Date(acquired[k]));
            ds.AddOrUpdate(DicomTag.AcquisitionTime, DicomValues.Time(acquired[k]));
            ds.AddOrUpdate(DicomTag.ContentDate, DicomValues.Date(acquired[k]));
            ds.AddOrUpdate(DicomTag.ContentTime, DicomValues.Time(acquired[k]));
            var frameReference = ((acquired[k] - acquisition.SeriesStart).TotalSeconds + tAverage) * 1000;
            ds.AddOrUpdate(DicomTag.FrameReferenceTime, DicomVR.DS, DicomValues.Decimal(Math.Round(frameReference, 1)));
            ds.AddOrUpdate(DicomTag.ActualFrameDuration, DicomVR.IS, DicomValues.Integer((long)Math.Round(duration * 1000)));
            ds.AddOrUpdate(DicomTag.ImageIndex, DicomVR.US, k + 1);
            if (acquisition.DecayCorrection != DecayCorrectionMode.None)
            {
                var referenceSeconds = acquisition.DecayCorrection == DecayCorrectionMode.Start
                    ? frameReference / 1000
                    : (acquired[k] - acquisition.Injection).TotalSeconds + tAverage;
                ds.AddOrUpdate(DicomTag.DecayFactor, DicomVR.DS, DicomValues.Decimal(Math.Exp(lambda * referenceSeconds)));
            }

            ds.AddOrUpdate(DicomTag.RescaleIntercept, DicomVR.DS, "0");
            ds.AddOrUpdate(DicomTag.RescaleSlope, DicomVR.DS, slopeText);
            ds.AddOrUpdate(DicomTag.LossyImageCompression, "00");
            ImagePlaneModule.Add(ds, grid, k, signed: true, pixels);
            CommonModules.Save(context, ds, Folder, k + 1, spec.TransferSyntax);
            seriesUid ??= ds.GetString(DicomTag.SeriesInstanceUID);
        }

        return seriesUid ?? context.SeriesUid(Folder);
    }

    private static double ActivityPerSuv(PetAcquisitionSpec a, DateTime acquired, double lambda, double weightGrams)
    {
        var dose = a.InjectedDoseBq / weightGrams;
        switch (a.DecayCorrection)
        {
            case DecayCorrectionMode.Admin:
                return dose;
            case DecayCorrectionMode.Start:
                return dose * Math.Exp(-lambda * (a.SeriesStart - a.Injection).TotalSeconds);
            default:
                var lt = lambda * a.FrameDurationSeconds;
                return dose * Math.Exp(-lambda * (acquired - a.Injection).TotalSeconds) * (1 - Math.Exp(-lt)) / lt;
        }
    }

    /// <summary>PET Series, PET Isotope and NM/PET Patient Orientation modules (PS3.3 C.8.9.1, C.8.9.2, C.8.4.6).</summary>
    private static void AddSeriesAndIsotope(DicomDataset ds, PetSeriesSpec spec, int slices)
    {
        var a = spec.Acquisition;
        ds.AddOrUpdate(DicomTag.Units, "BQML");
        ds.AddOrUpdate(DicomTag.CountsSource, "EMISSION");
        ds.AddOrUpdate(DicomTag.SeriesType, "WHOLE BODY", "IMAGE");
        ds.AddOrUpdate(DicomTag.NumberOfSlices, DicomVR.US, slices);
        ds.AddOrUpdate(DicomTag.CorrectedImage, a.DecayCorrection == DecayCorrectionMode.None
            ? ["NORM", "DTIM", "ATTN", "SCAT", "RAN"]
            : ["NORM", "DTIM", "ATTN", "SCAT", "DECY", "RAN"]);
        ds.AddOrUpdate(DicomTag.RandomsCorrectionMethod, "DLYD");
        ds.AddOrUpdate(DicomTag.AttenuationCorrectionMethod, "CT-based");
        ds.AddOrUpdate(DicomTag.DecayCorrection, a.DecayCorrection switch
        {
            DecayCorrectionMode.Start => "START",
            DecayCorrectionMode.Admin => "ADMIN",
            _ => "NONE",
        });
        ds.AddOrUpdate(DicomTag.ReconstructionMethod, "OSEM 3i21s");
        ds.AddOrUpdate(DicomTag.CollimatorType, "NONE");

        var isotope = new DicomDataset();
        isotope.AddOrUpdate(DicomTag.Radiopharmaceutical, "Fluorodeoxyglucose");
        isotope.AddOrUpdate(DicomTag.RadiopharmaceuticalRoute, "Intravenous");
        isotope.AddOrUpdate(DicomTag.RadiopharmaceuticalStartTime, DicomValues.Time(a.Injection));
        if (!a.InjectionTimeOnly)
        {
            isotope.AddOrUpdate(DicomTag.RadiopharmaceuticalStartDateTime, DicomValues.DateTimeValue(a.Injection));
        }

        isotope.AddOrUpdate(DicomTag.RadionuclideTotalDose, DicomVR.DS, DicomValues.Decimal(a.DoseWrittenInMBq ? a.InjectedDoseBq / 1e6 : a.InjectedDoseBq));
        isotope.AddOrUpdate(DicomTag.RadionuclideHalfLife, DicomVR.DS, DicomValues.Decimal(PetAcquisitionSpec.FluorineHalfLifeSeconds));
        isotope.AddOrUpdate(DicomTag.RadionuclidePositronFraction, DicomVR.DS, "0.9673");
        isotope.AddOrUpdate(DicomTag.RadionuclideCodeSequence, [CommonModules.Code(new PhantomCode("77004003", "SCT", "^18^Fluorine"))]);
        isotope.AddOrUpdate(DicomTag.RadiopharmaceuticalCodeSequence, [CommonModules.Code(new PhantomCode("35321007", "SCT", "Fluorodeoxyglucose F^18^"))]);
        ds.AddOrUpdate(DicomTag.RadiopharmaceuticalInformationSequence, [isotope]);
        ds.AddOrUpdate(DicomTag.PatientOrientationCodeSequence, Array.Empty<DicomDataset>());
        ds.AddOrUpdate(DicomTag.PatientGantryRelationshipCodeSequence, Array.Empty<DicomDataset>());
    }
}
