using System.Buffers.Binary;
using System.Globalization;

namespace ImagingPipeline.Dicom;

/// <summary>Typed getters (PS3.5 6.2 value encodings).</summary>
public sealed partial class DicomDataset
{
    /// <summary>The whole value as text, VR padding trimmed, decoded with the Specific Character Set; null when absent.</summary>
    public string? GetString(DicomTag tag)
    {
        if (!TryGetElement(tag, out var e) || e is DicomSequence or DicomFragmentSequence)
        {
            return null;
        }

        return ElementText(e);
    }

    internal string ElementText(DicomElement e)
    {
        var span = e.Data.Span;
        if (DicomVRInfo.IsString(e.VR))
        {
            var encoding = DicomVRInfo.UsesCharacterSet(e.VR) ? CharacterSet.Encoding : System.Text.Encoding.Latin1;
            var text = encoding.GetString(span);
            return e.VR is DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR
                ? text.TrimEnd(' ', '\0')
                : string.Join('\\', text.Split('\\').Select(v => v.Trim(' ', '\0')));
        }

        var values = GetDoublesOf(e);
        return values is null
            ? Convert.ToBase64String(span)
            : string.Join('\\', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
    }

    /// <summary>The values split on backslash (empty when absent).</summary>
    public string[] GetStrings(DicomTag tag)
    {
        var s = GetString(tag);
        if (string.IsNullOrEmpty(s))
        {
            return [];
        }

        return TryGetElement(tag, out var e) && DicomVRInfo.IsMultiValued(e.VR) ? s.Split('\\') : [s];
    }

    public bool TryGetDouble(DicomTag tag, out double value, int index = 0)
    {
        value = 0;
        var values = TryGetElement(tag, out var e) ? GetDoublesOf(e) : null;
        if (values is null || index < 0 || index >= values.Length)
        {
            return false;
        }

        value = values[index];
        return true;
    }

    public double GetDouble(DicomTag tag, int index = 0) =>
        TryGetDouble(tag, out var v, index) ? v : throw Missing(tag, index, "a number");

    /// <summary>Numbers of DS, IS and the binary numeric VRs; empty when absent.</summary>
    public double[] GetDoubles(DicomTag tag) => TryGetElement(tag, out var e) ? GetDoublesOf(e) ?? throw Invalid(tag, "numbers") : [];

    public bool TryGetInt32(DicomTag tag, out int value, int index = 0)
    {
        value = 0;
        if (!TryGetDouble(tag, out var d, index) || d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue)
        {
            return false;
        }

        value = (int)d;
        return true;
    }

    public int GetInt32(DicomTag tag, int index = 0) =>
        TryGetInt32(tag, out var v, index) ? v : throw Missing(tag, index, "an integer");

    /// <summary>DA value (YYYYMMDD, PS3.5 6.2); null when absent or empty; throws when malformed.</summary>
    public DateOnly? GetDate(DicomTag tag)
    {
        var s = GetString(tag);
        if (string.IsNullOrEmpty(s))
        {
            return null;
        }

        return DateOnly.TryParseExact(s.Split('\\')[0], ["yyyyMMdd", "yyyy.MM.dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw Invalid(tag, "a date");
    }

    /// <summary>TM value (HH[MM[SS[.F{1,6}]]]); null when absent or empty.</summary>
    public TimeOnly? GetTime(DicomTag tag)
    {
        var s = GetString(tag);
        return string.IsNullOrEmpty(s) ? null : ParseTime(s.Split('\\')[0]) ?? throw Invalid(tag, "a time");
    }

    public DateTime? GetDateTime(DicomTag dateTag, DicomTag timeTag)
    {
        var date = GetDate(dateTag);
        if (date is null)
        {
            return null;
        }

        return date.Value.ToDateTime(GetTime(timeTag) ?? TimeOnly.MinValue);
    }

    /// <summary>DT value YYYYMMDDHHMMSS.FFFFFF (the UTC offset suffix is ignored).</summary>
    public DateTime? GetDateTime(DicomTag dtTag)
    {
        var s = GetString(dtTag)?.Split('\\')[0];
        if (string.IsNullOrEmpty(s))
        {
            return null;
        }

        var plus = s.IndexOfAny(['+', '-']);
        if (plus >= 0)
        {
            s = s[..plus];
        }

        if (s.Length < 4 || !int.TryParse(s.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            throw Invalid(dtTag, "a date-time");
        }

        var month = s.Length >= 6 ? int.Parse(s.AsSpan(4, 2), CultureInfo.InvariantCulture) : 1;
        var day = s.Length >= 8 ? int.Parse(s.AsSpan(6, 2), CultureInfo.InvariantCulture) : 1;
        var time = s.Length > 8 ? ParseTime(s[8..]) ?? throw Invalid(dtTag, "a date-time") : TimeOnly.MinValue;
        try
        {
            return new DateOnly(year, month, day).ToDateTime(time);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new DicomDataException($"{dtTag} is not a valid date-time: {s}", ex);
        }
    }

    public DicomPersonName? GetPersonName(DicomTag tag)
    {
        var s = GetString(tag);
        return string.IsNullOrEmpty(s) ? null : DicomPersonName.Parse(s.Split('\\')[0]);
    }

    /// <summary>The items of a sequence; empty when absent.</summary>
    public IReadOnlyList<DicomDataset> GetSequence(DicomTag tag) =>
        TryGetElement(tag, out var e) && e is DicomSequence sq ? sq.Items : [];

    /// <summary>The raw value bytes (little endian for binary VRs); empty when absent.</summary>
    public ReadOnlyMemory<byte> GetBytes(DicomTag tag) => TryGetElement(tag, out var e) ? e.Data : ReadOnlyMemory<byte>.Empty;

    private static TimeOnly? ParseTime(string s)
    {
        s = s.Replace(":", "", StringComparison.Ordinal).Trim();
        var frac = 0.0;
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            if (!double.TryParse("0" + s[dot..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out frac))
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

        return new TimeOnly(h, m, Math.Min(sec, 59)).Add(TimeSpan.FromTicks((long)Math.Round(frac * TimeSpan.TicksPerSecond)));
    }

    private static double[]? GetDoublesOf(DicomElement e)
    {
        var span = e.Data.Span;
        switch (e.VR)
        {
            case DicomVR.DS or DicomVR.IS:
                var text = System.Text.Encoding.ASCII.GetString(span).Trim(' ', '\0');
                if (text.Length == 0)
                {
                    return [];
                }

                var parts = text.Split('\\');
                var result = new double[parts.Length];
                for (var i = 0; i < parts.Length; i++)
                {
                    if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]))
                    {
                        return null;
                    }
                }

                return result;
            case DicomVR.US or DicomVR.OW:
                return Decode(span, 2, s => BinaryPrimitives.ReadUInt16LittleEndian(s));
            case DicomVR.SS:
                return Decode(span, 2, s => BinaryPrimitives.ReadInt16LittleEndian(s));
            case DicomVR.UL or DicomVR.OL:
                return Decode(span, 4, s => BinaryPrimitives.ReadUInt32LittleEndian(s));
            case DicomVR.SL:
                return Decode(span, 4, s => BinaryPrimitives.ReadInt32LittleEndian(s));
            case DicomVR.FL or DicomVR.OF:
                return Decode(span, 4, s => BinaryPrimitives.ReadSingleLittleEndian(s));
            case DicomVR.FD or DicomVR.OD:
                return Decode(span, 8, s => BinaryPrimitives.ReadDoubleLittleEndian(s));
            case DicomVR.SV:
                return Decode(span, 8, s => BinaryPrimitives.ReadInt64LittleEndian(s));
            case DicomVR.UV or DicomVR.OV:
                return Decode(span, 8, s => BinaryPrimitives.ReadUInt64LittleEndian(s));
            case DicomVR.OB or DicomVR.UN:
                return Decode(span, 1, s => s[0]);
            default:
                return null;
        }
    }

    private delegate double Reader(ReadOnlySpan<byte> s);

    private static double[] Decode(ReadOnlySpan<byte> span, int size, Reader read)
    {
        var result = new double[span.Length / size];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = read(span.Slice(i * size, size));
        }

        return result;
    }

    private static DicomDataException Missing(DicomTag tag, int index, string what) =>
        new($"{tag} {DicomDictionary.Lookup(tag)?.Keyword} has no value {index} readable as {what}");

    private static DicomDataException Invalid(DicomTag tag, string what) =>
        new($"{tag} {DicomDictionary.Lookup(tag)?.Keyword} cannot be read as {what}");
}
