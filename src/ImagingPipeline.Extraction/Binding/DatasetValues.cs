using System.Globalization;
using System.Text;
using ImagingPipeline.Dicom;

namespace ImagingPipeline.Extraction.Binding;

/// <summary>
/// Tolerant readers over a data set: a malformed value reads as absent (the caller warns), and
/// private elements are decoded from their bytes whatever VR the reader assigned (an implicit VR
/// file gives them UN).
/// </summary>
internal static class DatasetValues
{
    public static string? Text(DicomDataset ds, DicomTag tag)
    {
        try
        {
            var s = ds.GetString(tag)?.Trim();
            return string.IsNullOrEmpty(s) ? null : s;
        }
        catch (DicomException)
        {
            return null;
        }
    }

    public static string[] Texts(DicomDataset ds, DicomTag tag)
    {
        try
        {
            return [.. ds.GetStrings(tag).Select(s => s.Trim()).Where(s => s.Length > 0)];
        }
        catch (DicomException)
        {
            return [];
        }
    }

    public static double? Number(DicomDataset ds, DicomTag tag, int index = 0)
    {
        try
        {
            return ds.TryGetDouble(tag, out var v, index) && double.IsFinite(v) ? v : null;
        }
        catch (DicomException)
        {
            return null;
        }
    }

    public static double[] Numbers(DicomDataset ds, DicomTag tag)
    {
        try
        {
            return ds.GetDoubles(tag);
        }
        catch (DicomException)
        {
            return [];
        }
    }

    public static int? Integer(DicomDataset ds, DicomTag tag) =>
        Number(ds, tag) is { } v && v == Math.Floor(v) && v >= int.MinValue && v <= int.MaxValue ? (int)v : null;

    public static DateOnly? Date(DicomDataset ds, DicomTag tag)
    {
        try
        {
            return ds.GetDate(tag);
        }
        catch (DicomException)
        {
            return null;
        }
    }

    public static DateTime? DateTimeOf(DicomDataset ds, DicomTag dateTag, DicomTag timeTag)
    {
        try
        {
            return ds.GetDate(dateTag) is { } d ? d.ToDateTime(ds.GetTime(timeTag) ?? TimeOnly.MinValue) : null;
        }
        catch (DicomException)
        {
            return null;
        }
    }

    public static TimeOnly? Time(DicomDataset ds, DicomTag tag)
    {
        try
        {
            return ds.GetTime(tag);
        }
        catch (DicomException)
        {
            return null;
        }
    }

    /// <summary>A DT value (the offset suffix ignored).</summary>
    public static DateTime? DateTimeValue(DicomDataset ds, DicomTag tag)
    {
        try
        {
            return ds.GetDateTime(tag);
        }
        catch (Exception ex) when (ex is DicomException or FormatException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>A private element holding a decimal string (DS) or a binary float, whatever VR it was read with.</summary>
    public static double? PrivateNumber(DicomDataset ds, DicomTag tag)
    {
        if (!ds.TryGetElement(tag, out var e) || e is DicomSequence)
        {
            return null;
        }

        if (e.VR is DicomVR.FD or DicomVR.FL or DicomVR.DS or DicomVR.IS or DicomVR.SL or DicomVR.UL or DicomVR.US or DicomVR.SS)
        {
            return Number(ds, tag);
        }

        var text = Encoding.ASCII.GetString(e.Data.Span).Trim(' ', '\0').Split('\\')[0];
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
    }

    /// <summary>A private element holding a DT or DA+TM text (YYYYMMDDHHMMSS[.F]), whatever VR it was read with.</summary>
    public static DateTime? PrivateDateTime(DicomDataset ds, DicomTag tag)
    {
        if (!ds.TryGetElement(tag, out var e) || e is DicomSequence)
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(e.Data.Span).Trim(' ', '\0').Split('\\')[0];
        var probe = new DicomDataset();
        probe.AddOrUpdate(DicomTag.RadiopharmaceuticalStartDateTime, DicomVR.DT, text);
        return DateTimeValue(probe, DicomTag.RadiopharmaceuticalStartDateTime);
    }

    /// <summary>A valid UID (PS3.5 9.1) or null.</summary>
    public static string? Uid(DicomDataset ds, DicomTag tag) => Text(ds, tag) is { } s && DicomUid.IsValid(s) ? s : null;
}
