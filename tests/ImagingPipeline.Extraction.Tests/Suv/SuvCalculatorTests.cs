using ImagingPipeline.Extraction.Suv;

namespace ImagingPipeline.Extraction.Tests.Suv;

public sealed class SuvCalculatorTests
{
    private const double F18HalfLife = 6586.2;
    private static readonly DateTime Injection = new(2026, 3, 4, 9, 0, 0);

    private static PetSeriesSuvData Bqml(string decay = "START") => new()
    {
        Units = "BQML",
        CorrectedImage = ["DECY", "ATTN", "SCAT"],
        DecayCorrection = decay,
        PatientWeight = 70,
        TotalDose = 370e6,
        HalfLifeSeconds = F18HalfLife,
        InjectionDateTime = Injection,
        SeriesDateTime = Injection.AddHours(1),
        EarliestAcquisition = Injection.AddHours(1).AddMinutes(1),
    };

    private static double StartFactor(double seconds) => 70_000 / (370e6 * Math.Pow(2, -seconds / F18HalfLife));

    private static double Rel(double expected, double? actual) => Math.Abs(actual!.Value - expected) / expected;

    [Fact]
    public void Start_decay_uses_series_time()
        => Assert.True(Rel(StartFactor(3600), SuvCalculator.Factor(Bqml(), default, 0).Value) < 1e-12);

    [Fact]
    public void Admin_decay_uses_the_injected_dose()
        => Assert.True(Rel(70_000 / 370e6, SuvCalculator.Factor(Bqml("ADMIN"), default, 0).Value) < 1e-12);

    [Fact]
    public void Dose_entered_in_MBq_and_weight_in_grams_are_repaired()
    {
        var f = SuvCalculator.Factor(Bqml() with { TotalDose = 370, PatientWeight = 70_000 }, default, 0);
        Assert.True(Rel(StartFactor(3600), f.Value) < 1e-12);
    }

    [Fact]
    public void Injection_time_alone_before_midnight_is_the_day_before()
    {
        var series = new DateTime(2026, 3, 5, 0, 30, 0);
        var s = Bqml() with
        {
            InjectionDateTime = null,
            InjectionTime = new TimeSpan(23, 30, 0),
            SeriesDateTime = series,
            EarliestAcquisition = series.AddMinutes(2),
        };
        Assert.True(Rel(StartFactor(3600), SuvCalculator.Factor(s, default, 0).Value) < 1e-12);
    }

    [Fact]
    public void Series_time_after_acquisition_falls_back_to_GE_private_then_frame_timing_then_acquisition()
    {
        var late = Bqml() with { SeriesDateTime = Injection.AddHours(2), EarliestAcquisition = Injection.AddHours(1) };
        Assert.True(Rel(StartFactor(3600), SuvCalculator.Factor(late, default, 0).Value) < 1e-12);

        var ge = late with { GePrivateScanDateTime = Injection.AddMinutes(50) };
        Assert.True(Rel(StartFactor(3000), SuvCalculator.Factor(ge, default, 0).Value) < 1e-12);

        // Rule 3: t_ref = t_acq + T_ave − FRT; with a 300 s frame starting at 3600 s, FRT = 150 s.
        var lambda = Math.Log(2) / F18HalfLife;
        var tAve = Math.Log(lambda * 300 / (1 - Math.Exp(-lambda * 300))) / lambda;
        var slice = new PetSliceTiming(Injection.AddSeconds(3600 + 150), 150_000, 300_000);
        var expected = StartFactor(3600 + 150 + tAve - 150);
        Assert.True(Rel(expected, SuvCalculator.Factor(late, slice, 0).Value) < 1e-9);
    }

    [Fact]
    public void No_decay_correction_corrects_to_injection_per_slice()
    {
        var s = Bqml("NONE") with { CorrectedImage = ["ATTN"] };
        var slice = new PetSliceTiming(Injection.AddSeconds(4000), null, 120_000);
        var lambda = Math.Log(2) / F18HalfLife;
        var lt = lambda * 120;
        var expected = 70_000 / 370e6 * (lt / (1 - Math.Exp(-lt))) * Math.Exp(lambda * 4000);
        Assert.True(Rel(expected, SuvCalculator.Factor(s, slice, 0).Value) < 1e-12);
    }

    [Theory]
    [InlineData("CPS")]
    [InlineData("PROPCNTS")]
    [InlineData("1CM")]
    public void Unsupported_units_give_a_reason(string units)
    {
        var f = SuvCalculator.Factor(Bqml() with { Units = units }, default, 0);
        Assert.Null(f.Value);
        Assert.Contains(units, f.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_inputs_give_reasons_not_exceptions()
    {
        Assert.Contains("weight", SuvCalculator.Factor(Bqml() with { PatientWeight = 0 }, default, 0).Reason, StringComparison.Ordinal);
        Assert.Contains("dose", SuvCalculator.Factor(Bqml() with { TotalDose = null }, default, 0).Reason, StringComparison.Ordinal);
        Assert.Contains("decay corrected", SuvCalculator.Factor(Bqml() with { CorrectedImage = ["ATTN"] }, default, 0).Reason, StringComparison.Ordinal);
        Assert.Contains("intercept", SuvCalculator.Factor(Bqml(), default, 5).Reason, StringComparison.Ordinal);
        Assert.Contains("negative", SuvCalculator.Factor(Bqml() with { InjectionDateTime = Injection.AddHours(3) }, default, 0).Reason, StringComparison.Ordinal);
        Assert.Contains("half-life", SuvCalculator.Factor(Bqml() with { HalfLifeSeconds = null }, default, 0).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Philips_counts_use_the_private_factors()
    {
        var cnts = Bqml() with { Units = "CNTS", PhilipsSuvScaleFactor = 0.00042 };
        Assert.Equal(0.00042, SuvCalculator.Factor(cnts, default, 0).Value);
        var act = cnts with { PhilipsSuvScaleFactor = 0, PhilipsActivityScaleFactor = 2.5 };
        Assert.True(Rel(2.5 * StartFactor(3600), SuvCalculator.Factor(act, default, 0).Value) < 1e-12);
        Assert.Null(SuvCalculator.Factor(act with { PhilipsActivityScaleFactor = 0 }, default, 0).Value);
    }

    [Fact]
    public void Gml_is_SUVbw_or_converted_from_lean_mass()
    {
        Assert.Equal(1, SuvCalculator.Factor(new PetSeriesSuvData { Units = "GML" }, default, 0).Value);
        var lbm = new PetSeriesSuvData { Units = "GML", SuvType = "LBM", PatientWeight = 70, PatientSizeM = 1.75, PatientSex = "M" };
        var expectedLbm = 9270.0 * 70 / (6680 + (216 * (70 / (1.75 * 1.75))));
        Assert.True(Rel(70 / expectedLbm, SuvCalculator.Factor(lbm, default, 0).Value) < 1e-12);
        Assert.Null(SuvCalculator.Factor(lbm with { PatientSex = null }, default, 0).Value);
        var bsa = new PetSeriesSuvData { Units = "CM2ML", PatientWeight = 80, PatientSizeM = 1.80 };
        var expectedBsa = 0.007184 * Math.Pow(180, 0.725) * Math.Pow(80, 0.425);
        Assert.True(Rel(80_000 / (expectedBsa * 1e4), SuvCalculator.Factor(bsa, default, 0).Value) < 1e-12);
    }

    [Fact]
    public void Gml_with_sex_other_uses_the_mean_of_the_male_and_female_formulas()
    {
        var ibw = new PetSeriesSuvData { Units = "GML", SuvType = "IBW", PatientWeight = 70, PatientSizeM = 1.75, PatientSex = "O" };
        var mean = ((48 + (1.06 * 23)) + (45.5 + (0.91 * 23))) / 2;
        var f = SuvCalculator.Factor(ibw, default, 0);
        Assert.True(Rel(70 / mean, f.Value) < 1e-12);
        Assert.Contains("sex O", f.Method, StringComparison.Ordinal);
        Assert.True(Rel(70 / (48 + (1.06 * 23)), SuvCalculator.Factor(ibw with { PatientSex = "M" }, default, 0).Value) < 1e-12);
        Assert.Null(SuvCalculator.Factor(ibw with { PatientSex = "" }, default, 0).Value);
    }

    [Fact]
    public void Body_measures_match_published_formulas()
    {
        Assert.Equal(55.857, BodyMeasures.LeanBodyMassJanmahasatian(70, 175, true), 2);
        Assert.Equal((1.07 * 60) - (148 * Math.Pow(60 / 165.0, 2)), BodyMeasures.LeanBodyMassJames(60, 165, false), 10);
        Assert.Equal(48 + (1.06 * 23), BodyMeasures.IdealBodyWeight(175, true), 10);
        Assert.Equal(45.5 + (0.91 * 13), BodyMeasures.IdealBodyWeight(165, false), 10);
    }
}
