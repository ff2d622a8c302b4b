using System.Collections.Concurrent;
using System.Text;
using ImagingPipeline.Dicom.Text;

namespace ImagingPipeline.Dicom;

/// <summary>
/// Specific Character Set (0008,0005) decoding and encoding (PS3.3 C.12.1.1.2, PS3.5 6.1).
/// Single-valued terms without code extensions (ISO_IR 100 … 203, ISO_IR 13, ISO_IR 192 UTF-8,
/// GB18030, GBK) map to one encoding. ISO 2022 terms and multi-valued attributes use code
/// extensions: escape sequences switch the G0/G1 sets within a value, and the sets go back to the
/// initial ones at every delimiter (PS3.5 6.1.2.5.3).
/// </summary>
internal sealed partial class DicomCharacterSet
{
    private static readonly ConcurrentDictionary<string, DicomCharacterSet> Cache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, DicomCharacterSet>.AlternateLookup<ReadOnlySpan<char>> CacheBySpan =
        Cache.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>No Specific Character Set: the default repertoire (ISO-IR 6). Bytes above 0x7F, which
    /// the default repertoire does not have, are read as ISO 8859-1, as most toolkits do.</summary>
    public static readonly DicomCharacterSet Default = new("", Encoding.Latin1, null, null, []);

    private readonly Encoding? _simple;
    private readonly CodeElement? _initialG0;
    private readonly CodeElement? _initialG1;
    private readonly CodeElement[] _extensions;

    private DicomCharacterSet(string terms, Encoding? simple, CodeElement? initialG0, CodeElement? initialG1, CodeElement[] extensions)
    {
        Terms = terms;
        _simple = simple;
        _initialG0 = initialG0;
        _initialG1 = initialG1;
        _extensions = extensions;
    }

    /// <summary>The attribute's value as written, e.g. "\ISO 2022 IR 87".</summary>
    public string Terms { get; }

    /// <summary>Code extensions are in use: escape sequences may switch sets within a value.</summary>
    public bool UsesCodeExtensions => _simple is null;

    /// <summary>The character set of a (0008,0005) value; cached per distinct value.</summary>
    public static DicomCharacterSet Parse(ReadOnlySpan<byte> value)
    {
        value = value.Trim((byte)' ').TrimEnd((byte)0);
        if (value.IsEmpty)
        {
            return Default;
        }

        Span<char> chars = stackalloc char[Math.Min(value.Length, 256)];
        var length = Encoding.Latin1.GetChars(value[..chars.Length], chars);
        if (CacheBySpan.TryGetValue(chars[..length], out var known))
        {
            return known;
        }

        var terms = new string(chars[..length]);
        return Cache.GetOrAdd(terms, Create);
    }

    /// <summary>The character set of defined terms (e.g. "ISO 2022 IR 13\ISO 2022 IR 87").</summary>
    public static DicomCharacterSet Parse(string terms) => Parse(Encoding.Latin1.GetBytes(terms));

    private static DicomCharacterSet Create(string terms)
    {
        var values = terms.Split('\\');
        if (values.Length == 1 && SimpleEncoding(values[0]) is { } simple)
        {
            return new DicomCharacterSet(terms, simple, null, null, []);
        }

        // Value 1 designates the initial G0 (and G1) sets; an empty value 1 means ISO 2022 IR 6.
        var (g0, g1) = Designations(values[0]);
        var extensions = new List<CodeElement>();
        foreach (var value in values.Skip(1))
        {
            var (e0, e1) = Designations(value);
            if (e0 is not null && e0 != CodeElement.Ascii)
            {
                extensions.Add(e0);
            }

            if (e1 is not null)
            {
                extensions.Add(e1);
            }
        }

        if (values.Length > 1 && values.Skip(1).Any(v => SimpleEncoding(v) is { } e && e.CodePage is 65001 or 54936 or 936))
        {
            // UTF-8 and GB18030/GBK allow no code extensions (PS3.3 C.12.1.1.2); read the value with the first such one.
            return new DicomCharacterSet(terms, SimpleEncoding(values.Skip(1).First(v => SimpleEncoding(v) is not null))!, null, null, []);
        }

        return new DicomCharacterSet(terms, null, g0 ?? CodeElement.Ascii, g1, [.. extensions]);
    }

    /// <summary>Terms read with one encoding and no escape handling.</summary>
    private static Encoding? SimpleEncoding(string term) => Normalize(term) switch
    {
        "ISOIR192" => Encoding.UTF8,
        "GB18030" => CodePages.Get("GB18030"),
        "GBK" => CodePages.Get("GBK"),
        _ => null,
    };

    /// <summary>The G0 and G1 sets a defined term designates (PS3.3 Tables C.12-2 and C.12-3).</summary>
    private static (CodeElement? G0, CodeElement? G1) Designations(string term)
    {
        var normalized = Normalize(term);
        var number = normalized.StartsWith("ISO2022IR", StringComparison.Ordinal) ? normalized[9..]
            : normalized.StartsWith("ISOIR", StringComparison.Ordinal) ? normalized[5..]
            : normalized;
        switch (number)
        {
            case "" or "6":
                return (CodeElement.Ascii, null);
            case "13":
                return (CodeElement.JisRomaji, CodeElement.JisKatakana);
            case "87":
                return (CodeElement.JisX0208, null);
            case "159":
                return (CodeElement.JisX0212, null);
            case "149":
                return (null, CodeElement.KsX1001);
            case "58":
                return (null, CodeElement.Gb2312);
        }

        var single = Array.Find(CodeElement.SingleByte, e => e.Term == "ISO 2022 IR " + number);

        // An unknown term is read as ISO 8859-1 rather than failing the whole data set.
        return (CodeElement.Ascii, single ?? CodeElement.SingleByte[0]);
    }

    /// <summary>Upper case, letters and digits only: "ISO_IR 100", "ISO-IR 100" and "ISO IR 100" are one term.</summary>
    private static string Normalize(string term)
    {
        var builder = new StringBuilder(term.Length);
        foreach (var c in term)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToUpperInvariant(c));
            }
        }

        return builder.ToString();
    }

    /// <summary>Decodes a value (padding already removed) for a VR that uses the character set.</summary>
    public string Decode(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        if (bytes.IsEmpty)
        {
            return "";
        }

        if (_simple is not null)
        {
            return _simple.GetString(bytes);
        }

        if (!bytes.Contains((byte)0x1B) && _initialG0 == CodeElement.Ascii && (_initialG1 is null || _initialG1.BytesPerChar == 1))
        {
            return (_initialG1?.Encoding ?? Encoding.Latin1).GetString(bytes);
        }

        return DecodeIso2022(bytes, vr);
    }

    /// <summary>Encodes text for a VR that uses the character set.</summary>
    /// <exception cref="DicomDataException">A character the declared character sets cannot represent.</exception>
    public byte[] Encode(string text, DicomVR vr)
    {
        if (_simple is not null)
        {
            try
            {
                return CodePages.Strict(_simple).GetBytes(text);
            }
            catch (EncoderFallbackException ex)
            {
                throw new DicomDataException(Terms.Length == 0
                    ? $"'{text}' has characters outside the default repertoire and ISO 8859-1: set (0008,0005) Specific Character Set, e.g. to ISO_IR 192"
                    : $"'{text}' cannot be encoded in Specific Character Set '{Terms}'", ex);
            }
        }

        return EncodeIso2022(text, vr);
    }

    public override string ToString() => Terms.Length == 0 ? "(default repertoire)" : Terms;
}
