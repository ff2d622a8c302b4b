using System.Globalization;

namespace ImagingPipeline.Phantoms.Writers;

/// <summary>Text encodings of values (PS3.5 6.2), fixed so output is the same on every machine.</summary>
internal static class DicomValues
{
    /// <summary>DS with ten significant digits (at most 16 characters).</summary>
    public static string Decimal(double value)
    {
        var s = value.ToString("G10", CultureInfo.InvariantCulture);
        return s == "-0" ? "0" : s;
    }

    /// <summary>A contour or position coordinate rounded to a micrometre.</summary>
    public static string Coordinate(double value)
    {
        var s = Math.Round(value, 3, MidpointRounding.AwayFromZero).ToString("0.###", CultureInfo.InvariantCulture);
        return s == "-0" ? "0" : s;
    }

    /// <summary>The value a reader gets back from <see cref="Coordinate"/>.</summary>
    public static double RoundedCoordinate(double value) => double.Parse(Coordinate(value), CultureInfo.InvariantCulture);

    public static string[] Decimals(params double[] values) => [.. values.Select(Decimal)];

    public static string Date(DateTime value) => value.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string Date(DateOnly value) => value.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string Time(DateTime value) => value.ToString("HHmmss", CultureInfo.InvariantCulture);

    public static string DateTimeValue(DateTime value) => value.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);
}
