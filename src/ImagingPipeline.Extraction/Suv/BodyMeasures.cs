namespace ImagingPipeline.Extraction.Suv;

/// <summary>Body-size normalisations of DOMAIN §1. Weight in kg, height in cm; results in kg or m².</summary>
internal static class BodyMeasures
{
    /// <summary>Janmahasatian lean body mass (kg).</summary>
    public static double LeanBodyMassJanmahasatian(double weightKg, double heightCm, bool male)
    {
        var bmi = weightKg / Math.Pow(heightCm / 100.0, 2);
        return male ? 9270 * weightKg / (6680 + (216 * bmi)) : 9270 * weightKg / (8780 + (244 * bmi));
    }

    /// <summary>James lean body mass (kg).</summary>
    public static double LeanBodyMassJames(double weightKg, double heightCm, bool male)
    {
        var r = weightKg / heightCm;
        return male ? (1.10 * weightKg) - (128 * r * r) : (1.07 * weightKg) - (148 * r * r);
    }

    /// <summary>Ideal body weight (kg).</summary>
    public static double IdealBodyWeight(double heightCm, bool male)
        => male ? 48 + (1.06 * (heightCm - 152)) : 45.5 + (0.91 * (heightCm - 152));

    /// <summary>DuBois body surface area (m²).</summary>
    public static double BodySurfaceAreaDuBois(double weightKg, double heightCm)
        => 0.007184 * Math.Pow(heightCm, 0.725) * Math.Pow(weightKg, 0.425);
}
