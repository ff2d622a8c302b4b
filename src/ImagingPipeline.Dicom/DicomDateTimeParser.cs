using System.Globalization;

namespace ImagingPipeline.Dicom;

/// <summary>TM and DT values (PS3.5 6.2): HH[MM[SS[.F{1,6}]]] and YYYY[MM[DD[HH[MM[SS[.F]]]]]][&amp;ZZXX].</summary>
internal static class DicomDateTimeParser
{
    /// <summary>A TM value; the pre-3.0 form with colons is accepted; a leap second reads as 59. Null when malformed.</summary>
    public static TimeOnly? ParseTime(string s)
    {
        s = s.Replace(":", "", StringComparison.Ordinal).Trim();
        var fraction = 0.0;
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            if (dot + 1 == s.Length || !double.TryParse("0" + s[dot..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out fraction))
            {
                return null;
            }

            s = s[..dot];
        }

        if (s.Length is not (2 or 4 or 6) || !s.All(char.IsAsciiDigit))
        {
            return null;
        }

        var h = int.Parse(s.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var m = s.Length >= 4 ? int.Parse(s.AsSpan(2, 2), CultureInfo.InvariantCulture) : 0;
        var sec = s.Length >= 6 ? int.Parse(s.AsSpan(4, 2), CultureInfo.InvariantCulture) : 0;
        if (h > 23 || m > 59 || sec > 60)
        {
            return null;
        }

        var ticks = Math.Min((long)Math.Round(fraction * TimeSpan.TicksPerSecond), TimeSpan.TicksPerSecond - 1);
        return new TimeOnly(h, m, Math.Min(sec, 59)).Add(TimeSpan.FromTicks(ticks));
    }

    /// <summary>A DT value without its UTC offset; null when malformed.</summary>
    public static DateTime? ParseDateTime(string s)
    {
        var sign = s.IndexOfAny(['+', '-'], 4 <= s.Length ? 4 : 0);
        if (sign >= 0)
        {
            s = s[..sign];
        }

        if (s.Length < 4 || !int.TryParse(s.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return null;
        }

        var month = 1;
        var day = 1;
        if ((s.Length >= 6 && !int.TryParse(s.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out month))
            || (s.Length >= 8 && !int.TryParse(s.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out day))
            || s.Length is 5 or 7)
        {
            return null;
        }

        var time = s.Length > 8 ? ParseTime(s[8..]) : TimeOnly.MinValue;
        if (time is null || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }

        return new DateOnly(year, month, day).ToDateTime(time.Value);
    }
}
