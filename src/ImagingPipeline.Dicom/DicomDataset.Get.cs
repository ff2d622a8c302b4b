using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ImagingPipeline.Dicom;

/// <summary>Typed getters (PS3.5 6.2 value encodings).</summary>
public sealed partial class DicomDataset
{
    /// <summary>The whole value as text, padding and insignificant spaces removed, decoded with the
    /// Specific Character Set; several values stay separated by backslash. Binary numbers are
    /// formatted and joined by backslash, other binary values given as base64. Null when absent.</summary>
    public string? GetString(DicomTag tag)
    {
        var i = IndexOf(tag.Value);
        if (i < 0 || _slots[i].Element is DicomSequence or DicomFragmentSequence)
        {
            return null;
        }

        return ValueText(i);
    }

    /// <summary>The values split on backslash (empty when absent or empty).</summary>
    public string[] GetStrings(DicomTag tag)
    {
        var s = GetString(tag);
        if (string.IsNullOrEmpty(s))
        {
            return [];
        }

        var vr = _slots[IndexOf(tag.Value)].VR;
        return DicomVRInfo.IsMultiValued(vr) || !DicomVRInfo.IsString(vr) ? s.Split('\\') : [s];
    }

    /// <summary>The text of the element at an index (see <see cref="GetString"/>).</summary>
    internal string ValueText(int index)
    {
        var vr = _slots[index].VR;
        var span = ValueSpan(index);
        if (DicomVRInfo.IsString(vr))
        {
            return DecodeText(span, vr);
        }

        if (vr == DicomVR.AT)
        {
            return string.Join('\\', GetAttributeTagsOf(span).Select(t => t.Value.ToString("X8", CultureInfo.InvariantCulture)));
        }

        var values = NumericValues.BinarySize(vr) > 1 ? NumericValues.GetAll(span, vr) : null;
        return values is null
            ? Convert.ToBase64String(span)
            : string.Join('\\', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
    }

    /// <summary>Decodes a string VR's value and removes its padding (PS3.5 6.2): trailing spaces and NULs
    /// everywhere, leading spaces too where they are insignificant, value by value.</summary>
    internal string DecodeText(ReadOnlySpan<byte> span, DicomVR vr)
    {
        span = span.TrimEnd(" \0"u8);
        var text = DicomVRInfo.UsesCharacterSet(vr) ? CharacterSet.Decode(span, vr) : Encoding.Latin1.GetString(span);
        if (!DicomVRInfo.IsMultiValued(vr))
        {
            return text;
        }

        var trimStart = vr is not (DicomVR.UC or DicomVR.UR);
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return trimStart ? text.TrimStart(' ') : text;
        }

        var values = text.Split('\\');
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = trimStart ? values[i].Trim(' ', '\0') : values[i].TrimEnd(' ', '\0');
        }

        return string.Join('\\', values);
    }

    public bool TryGetDouble(DicomTag tag, out double value, int index = 0)
    {
        var i = IndexOf(tag.Value);
        if (i < 0 || _slots[i].Element is DicomSequence or DicomFragmentSequence)
        {
            value = 0;
            return false;
        }

        return NumericValues.TryGet(ValueSpan(i), _slots[i].VR, index, out value);
    }

    public double GetDouble(DicomTag tag, int index = 0) =>
        TryGetDouble(tag, out var v, index) ? v : throw Missing(tag, index, "a number");

    /// <summary>Numbers of DS, IS and the binary numeric VRs; empty when absent.</summary>
    public double[] GetDoubles(DicomTag tag)
    {
        var i = IndexOf(tag.Value);
        if (i < 0)
        {
            return [];
        }

        return NumericValues.GetAll(ValueSpan(i), _slots[i].VR) ?? throw Invalid(tag, "numbers");
    }

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

    /// <summary>AT values: each a (group, element) pair of 16-bit numbers (PS3.5 6.2); empty when absent.</summary>
    public DicomTag[] GetAttributeTags(DicomTag tag)
    {
        var i = IndexOf(tag.Value);
        return i < 0 ? [] : GetAttributeTagsOf(ValueSpan(i));
    }

    private static DicomTag[] GetAttributeTagsOf(ReadOnlySpan<byte> span)
    {
        var tags = new DicomTag[span.Length / 4];
        for (var i = 0; i < tags.Length; i++)
        {
            tags[i] = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span[(i * 4)..]), BinaryPrimitives.ReadUInt16LittleEndian(span[(i * 4 + 2)..]));
        }

        return tags;
    }

    /// <summary>DA value (YYYYMMDD, PS3.5 6.2; the old YYYY.MM.DD form too); null when absent or empty; throws when malformed.</summary>
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

    /// <summary>TM value (HH[MM[SS[.F{1,6}]]], PS3.5 6.2); null when absent or empty.</summary>
    public TimeOnly? GetTime(DicomTag tag)
    {
        var s = GetString(tag);
        return string.IsNullOrEmpty(s) ? null : DicomDateTimeParser.ParseTime(s.Split('\\')[0]) ?? throw Invalid(tag, "a time");
    }

    /// <summary>A DA and a TM element combined (e.g. AcquisitionDate and AcquisitionTime); midnight when the time is absent.</summary>
    public DateTime? GetDateTime(DicomTag dateTag, DicomTag timeTag)
    {
        var date = GetDate(dateTag);
        if (date is null)
        {
            return null;
        }

        return date.Value.ToDateTime(GetTime(timeTag) ?? TimeOnly.MinValue);
    }

    /// <summary>DT value YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&amp;ZZXX] (PS3.5 6.2); the UTC offset suffix is ignored.</summary>
    public DateTime? GetDateTime(DicomTag dtTag)
    {
        var s = GetString(dtTag)?.Split('\\')[0];
        return string.IsNullOrEmpty(s) ? null : DicomDateTimeParser.ParseDateTime(s) ?? throw Invalid(dtTag, "a date-time");
    }

    /// <summary>The first PN value with its component groups; null when absent or empty.</summary>
    public DicomPersonName? GetPersonName(DicomTag tag)
    {
        var s = GetString(tag);
        return string.IsNullOrEmpty(s) ? null : DicomPersonName.Parse(s.Split('\\')[0]);
    }

    /// <summary>The items of a sequence; empty when absent.</summary>
    public IReadOnlyList<DicomDataset> GetSequence(DicomTag tag)
    {
        var i = IndexOf(tag.Value);
        return i >= 0 && _slots[i].Element is DicomSequence sq ? sq.Items : [];
    }

    /// <summary>The raw value bytes (little endian for binary VRs); empty when absent.</summary>
    public ReadOnlyMemory<byte> GetBytes(DicomTag tag)
    {
        var i = IndexOf(tag.Value);
        return i < 0 ? ReadOnlyMemory<byte>.Empty : ValueMemory(i);
    }

    private static DicomDataException Missing(DicomTag tag, int index, string what) =>
        new($"{tag} {DicomDictionary.Lookup(tag)?.Keyword} has no value {index} readable as {what}");

    private static DicomDataException Invalid(DicomTag tag, string what) =>
        new($"{tag} {DicomDictionary.Lookup(tag)?.Keyword} cannot be read as {what}");
}
