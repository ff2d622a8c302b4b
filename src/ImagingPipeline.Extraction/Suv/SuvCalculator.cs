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
                    return SuvFactor.Of(suvScale);
                }

                if (s.PhilipsActivityScaleFactor is { } act && act != 0)
                {
                    var bq = FromBqml(s, slice);
                    return bq.Value is { } f ? SuvFactor.Of(f * act) : bq;
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
            return SuvFactor.Of(1);
        }

        if (WeightGrams(s.PatientWeight) is not { } g || s.PatientSizeM is not > 0)
        {
            return SuvFactor.None($"SUVType {type} needs weight and height to convert to SUVbw");
        }

        var kg = g / 1000;
        var cm = s.PatientSizeM.Value * 100;
        var male = IsMale(s.PatientSex);
        if (male is null && type != "BSA")
        {
            return SuvFactor.None($"SUVType {type} needs the patient's sex to convert to SUVbw");
        }

        double? mass = type switch
        {
            "LBM" or "LBMJANMA" => BodyMeasures.LeanBodyMassJanmahasatian(kg, cm, male!.Value),
            "LBMJAMES128" => BodyMeasures.LeanBodyMassJames(kg, cm, male!.Value),
            "IBW" => BodyMeasures.IdealBodyWeight(cm, male!.Value),
            "BSA" => null,
            _ => double.NaN,
        };
        if (mass is { } m)
        {
            return double.IsNaN(m) || m <= 0 ? SuvFactor.None($"SUVType {type} not supported") : SuvFactor.Of(kg / m);
        }

        return FromBsaUnits(s);
    }

    private static SuvFactor FromBsaUnits(PetSeriesSuvData s)
    {
        if (WeightGrams(s.PatientWeight) is not { } g || s.PatientSizeM is not > 0)
        {
            return SuvFactor.None("SUVbsa needs weight and height to convert to SUVbw");
        }

        var bsa = BodyMeasures.BodySurfaceAreaDuBois(g / 1000, s.PatientSizeM.Value * 100);
        return SuvFactor.Of(g / (bsa * 1e4));
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
            return SuvFactor.Of(weight / dose);
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
                if (ReferenceTime(s, slice, lambda) is not { } tRef)
                {
                    return SuvFactor.None("no series or acquisition time for decay correction");
                }

                var dt = (tRef - injection).TotalSeconds;
                if (dt < 0)
                {
                    return SuvFactor.None(string.Create(CultureInfo.InvariantCulture, $"negative decay interval ({dt:0} s)"));
                }

                return SuvFactor.Of(weight / (dose * Math.Exp(-lambda * dt)));
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

                return SuvFactor.Of(weight / dose * frame * Math.Exp(lambda * dtAcq));
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
    internal static DateTime? ReferenceTime(PetSeriesSuvData s, PetSliceTiming slice, double lambda)
    {
        if (s.SeriesDateTime is { } series && (s.EarliestAcquisition is null || series <= s.EarliestAcquisition))
        {
            return series;
        }

        if (s.GePrivateScanDateTime is { } ge)
        {
            return ge;
        }

        if (slice.Acquisition is { } acq && slice.FrameReferenceTimeMs is > 0 && slice.FrameDurationMs is > 0)
        {
            var t = slice.FrameDurationMs.Value / 1000;
            var tAve = Math.Log(lambda * t / (1 - Math.Exp(-lambda * t))) / lambda;
            return acq.AddSeconds(tAve - (slice.FrameReferenceTimeMs.Value / 1000));
        }

        return s.EarliestAcquisition ?? slice.Acquisition;
    }

    internal static bool? IsMale(string? sex) => (sex ?? string.Empty).Trim().ToUpperInvariant() switch
    {
        "M" => true,
        "F" => false,
        _ => null,
    };
}
