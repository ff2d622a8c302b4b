using System.Globalization;

namespace ImagingPipeline.Extraction.Suv;

/// <summary>SUVbw factor per DOMAIN §1 (PS3.3 C.8.9.1 PET Series, C.8.9.4 PET Image).</summary>
internal static class SuvCalculator
{
    /// <summary>
    /// The factor F with SUVbw = (stored × slope + intercept) × F for one slice, or the reason
    /// there is none.
    /// </summary>
    public static SuvFactor Factor(PetSeriesSuvData s, PetSliceTiming slice, double rescaleIntercept)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (rescaleIntercept != 0)
        {
            return SuvFactor.None("rescale intercept is not 0");
        }

        var units = (s.Units ?? string.Empty).Trim().ToUpperInvariant();
        switch (units)
        {
            case "GML":
                return FromGml(s);
            case "CM2ML":
                return FromBsaUnits(s);
            case "CNTS":
                if (s.PhilipsSuvScaleFactor is { } suvScale && suvScale != 0)
                {
                    return SuvFactor.Of(suvScale, "CNTS × Philips SUV Scale Factor (7053,1000)");
                }

                if (s.PhilipsActivityScaleFactor is { } act && act != 0)
                {
                    var bq = FromBqml(s, slice);
                    return bq.Value is { } f ? SuvFactor.Of(f * act, "CNTS × Philips Activity Concentration Scale Factor (7053,1009), then " + bq.Method) : bq;
                }

                return SuvFactor.None("units CNTS without a non-zero Philips scale factor (7053,1000)/(7053,1009)");
            case "BQML":
                return FromBqml(s, slice);
            case "":
                return SuvFactor.None("units (0054,1001) missing");
            default:
                return SuvFactor.None($"units {units} not supported for SUV");
        }
    }

    /// <summary>Patient weight in grams (entered in kg, or in g when above 1000), or null.</summary>
    public static double? WeightGrams(double? entered) => entered switch
    {
        null or <= 0 => null,
        > 1000 => entered.Value,
        _ => entered.Value * 1000,
    };

    /// <summary>Injected dose in Bq (a value below 10⁴ was entered in MBq), or null.</summary>
    public static double? DoseBq(double? entered) => entered switch
    {
        null or <= 0 => null,
        < 1e4 => entered.Value * 1e6,
        _ => entered.Value,
    };

    private static SuvFactor FromGml(PetSeriesSuvData s)
    {
        var type = (s.SuvType ?? string.Empty).Trim().ToUpperInvariant();
        if (type is "" or "BW")
        {
            return SuvFactor.Of(1, "GML: stored as SUVbw");
        }

        if (WeightGrams(s.PatientWeight) is not { } g || s.PatientSizeM is not > 0)
        {
            return SuvFactor.None($"SUVType {type} needs weight and height to convert to SUVbw");
        }

        var kg = g / 1000;
        var cm = s.PatientSizeM.Value * 100;
        var sex = (s.PatientSex ?? string.Empty).Trim().ToUpperInvariant();
        if (sex is not ("M" or "F" or "O") && type != "BSA")
        {
            return SuvFactor.None($"SUVType {type} needs the patient's sex to convert to SUVbw");
        }

        // Sex O (other): the mean of the male and female formulas (reproduces reference object DRO_2_2).
        Func<bool, double>? formula = type switch
        {
            "LBM" or "LBMJANMA" => male => BodyMeasures.LeanBodyMassJanmahasatian(kg, cm, male),
            "LBMJAMES128" => male => BodyMeasures.LeanBodyMassJames(kg, cm, male),
            "IBW" => male => BodyMeasures.IdealBodyWeight(cm, male),
            _ => null,
        };
        if (formula is not null)
        {
            var m = sex == "O" ? (formula(true) + formula(false)) / 2 : formula(sex == "M");
            return m <= 0 ? SuvFactor.None($"SUVType {type} gives a non-positive mass")
                : SuvFactor.Of(kg / m, $"GML SUVType {type}{(sex == "O" ? " (sex O: mean of male and female formulas)" : "")} × weight / {type} mass");
        }

        return type == "BSA" ? FromBsaUnits(s) : SuvFactor.None($"SUVType {type} not supported");
    }

    private static SuvFactor FromBsaUnits(PetSeriesSuvData s)
    {
        if (WeightGrams(s.PatientWeight) is not { } g || s.PatientSizeM is not > 0)
        {
            return SuvFactor.None("SUVbsa needs weight and height to convert to SUVbw");
        }

        var bsa = BodyMeasures.BodySurfaceAreaDuBois(g / 1000, s.PatientSizeM.Value * 100);
        return SuvFactor.Of(g / (bsa * 1e4), "SUVbsa × weight[g] / (BSA DuBois[m²] · 10⁴)");
    }

    private static SuvFactor FromBqml(PetSeriesSuvData s, PetSliceTiming slice)
    {
        var corrected = s.CorrectedImage.Select(c => c.Trim().ToUpperInvariant()).ToHashSet();
        var decayMode = (s.DecayCorrection ?? string.Empty).Trim().ToUpperInvariant();
        if (!corrected.Contains("ATTN"))
        {
            return SuvFactor.None("not attenuation corrected (CorrectedImage lacks ATTN)");
        }

        if (decayMode != "NONE" && !corrected.Contains("DECY") && !corrected.Contains("DECAY"))
        {
            return SuvFactor.None("not decay corrected (CorrectedImage lacks DECY)");
        }

        if (WeightGrams(s.PatientWeight) is not { } weight)
        {
            return SuvFactor.None("patient weight missing or 0");
        }

        if (DoseBq(s.TotalDose) is not { } dose)
        {
            return SuvFactor.None("injected dose missing or 0");
        }

        if (decayMode == "ADMIN")
        {
            return SuvFactor.Of(weight / dose, "BQML, decay ADMIN: weight[g] / injected dose[Bq]");
        }

        if (s.HalfLifeSeconds is not > 0)
        {
            return SuvFactor.None("radionuclide half-life missing");
        }

        var lambda = Math.Log(2) / s.HalfLifeSeconds.Value;
        var scan = s.EarliestAcquisition ?? s.SeriesDateTime ?? slice.Acquisition;
        if (InjectionTime(s, scan) is not { } injection)
        {
            return SuvFactor.None("injection time missing");
        }

        switch (decayMode)
        {
            case "START":
                if (ReferenceTime(s, slice, lambda, out var rule) is not { } tRef)
                {
                    return SuvFactor.None("no series or acquisition time for decay correction");
                }

                var dt = (tRef - injection).TotalSeconds;
                if (dt < 0)
                {
                    return SuvFactor.None(string.Create(CultureInfo.InvariantCulture, $"negative decay interval ({dt:0} s)"));
                }

                return SuvFactor.Of(weight / (dose * Math.Exp(-lambda * dt)), $"BQML, decay START: weight[g] / (dose · 2^(−Δt/T½)), reference {rule}");
            case "NONE":
                if (slice.Acquisition is not { } acq)
                {
                    return SuvFactor.None("acquisition time missing for a non decay-corrected image");
                }

                var dtAcq = (acq - injection).TotalSeconds;
                if (dtAcq < 0)
                {
                    return SuvFactor.None(string.Create(CultureInfo.InvariantCulture, $"negative decay interval ({dtAcq:0} s)"));
                }

                var frame = 1.0;
                if (slice.FrameDurationMs is > 0)
                {
                    var lt = lambda * slice.FrameDurationMs.Value / 1000;
                    frame = lt / (1 - Math.Exp(-lt));
                }

                return SuvFactor.Of(weight / dose * frame * Math.Exp(lambda * dtAcq), "BQML, not decay corrected (NONE): per slice × λT/(1 − e^(−λT)) · e^(λ(t_acq − t_inj))");
            default:
                return SuvFactor.None($"decay correction '{decayMode}' not supported");
        }
    }

    /// <summary>Injection date/time; a time alone is placed on the series date, the day before when it would follow the scan.</summary>
    internal static DateTime? InjectionTime(PetSeriesSuvData s, DateTime? scan)
    {
        if (s.InjectionDateTime is { } dt)
        {
            return dt;
        }

        if (s.InjectionTime is not { } t)
        {
            return null;
        }

        var day = (s.SeriesDateTime ?? scan)?.Date;
        if (day is null)
        {
            return null;
        }

        var injection = day.Value + t;
        return scan is { } sc && injection > sc ? injection.AddDays(-1) : injection;
    }

    /// <summary>The START reference time, in the order DOMAIN §1 gives.</summary>
    internal static DateTime? ReferenceTime(PetSeriesSuvData s, PetSliceTiming slice, double lambda, out string rule)
    {
        if (s.SeriesDateTime is { } series && (s.EarliestAcquisition is null || series <= s.EarliestAcquisition))
        {
            rule = "SeriesDate/SeriesTime";
            return series;
        }

        if (s.GePrivateScanDateTime is { } ge)
        {
            rule = "GE private scan start (0009,100D)";
            return ge;
        }

        if (slice.Acquisition is { } acq && slice.FrameReferenceTimeMs is > 0 && slice.FrameDurationMs is > 0)
        {
            var t = slice.FrameDurationMs.Value / 1000;
            var tAve = Math.Log(lambda * t / (1 - Math.Exp(-lambda * t))) / lambda;
            rule = "per-slice acquisition time + T_ave − FrameReferenceTime";
            return acq.AddSeconds(tAve - (slice.FrameReferenceTimeMs.Value / 1000));
        }

        rule = "earliest acquisition time";
        return s.EarliestAcquisition ?? slice.Acquisition;
    }

    internal static bool? IsMale(string? sex) => (sex ?? string.Empty).Trim().ToUpperInvariant() switch
    {
        "M" => true,
        "F" => false,
        _ => null,
    };
}
