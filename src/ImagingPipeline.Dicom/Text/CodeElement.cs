using System.Text;

namespace ImagingPipeline.Dicom.Text;

/// <summary>
/// One graphic character set of ISO 2022 as DICOM uses it (PS3.3 C.12.1.1.2, PS3.5 6.1.2.5):
/// which buffer it is designated to (G0: bytes 0x21–0x7E, G1: bytes 0xA1–0xFE), how many bytes a
/// character takes, and the escape sequence that designates it.
/// </summary>
internal sealed class CodeElement
{
    private CodeElement(string term, bool isG1, int bytesPerChar, byte[] escape, Func<Encoding>? encoding)
    {
        Term = term;
        IsG1 = isG1;
        BytesPerChar = bytesPerChar;
        Escape = escape;
        _encoding = encoding is null ? null : new Lazy<Encoding>(encoding);
    }

    private readonly Lazy<Encoding>? _encoding;

    /// <summary>The defined term that brings this element in, e.g. "ISO 2022 IR 87".</summary>
    public string Term { get; }

    public bool IsG1 { get; }

    public int BytesPerChar { get; }

    /// <summary>The designation escape sequence, ESC included.</summary>
    public byte[] Escape { get; }

    /// <summary>The .NET encoding for the element's bytes (G1 sets: with the high bit; JIS X 0208: as EUC-JP).</summary>
    public Encoding? Encoding => _encoding?.Value;

    /// <summary>ISO 646 (ASCII), ESC ( B: the default repertoire, ISO-IR 6.</summary>
    public static readonly CodeElement Ascii = new("ISO 2022 IR 6", false, 1, [0x1B, 0x28, 0x42], null);

    /// <summary>JIS X 0201 Romaji, ESC ( J (ISO-IR 14; G0 of ISO 2022 IR 13). Read as ASCII.</summary>
    public static readonly CodeElement JisRomaji = new("ISO 2022 IR 13", false, 1, [0x1B, 0x28, 0x4A], null);

    /// <summary>JIS X 0201 Katakana, ESC ) I (ISO-IR 13; G1 of ISO 2022 IR 13).</summary>
    public static readonly CodeElement JisKatakana = new("ISO 2022 IR 13", true, 1, [0x1B, 0x29, 0x49], () => CodePages.Get("shift_jis"));

    /// <summary>JIS X 0208 Kanji, ESC $ B (ISO-IR 87), in G0; decoded as EUC-JP after setting the high bits.</summary>
    public static readonly CodeElement JisX0208 = new("ISO 2022 IR 87", false, 2, [0x1B, 0x24, 0x42], () => CodePages.Get("euc-jp"));

    /// <summary>JIS X 0212 supplementary Kanji, ESC $ ( D (ISO-IR 159), in G0.</summary>
    public static readonly CodeElement JisX0212 = new("ISO 2022 IR 159", false, 2, [0x1B, 0x24, 0x28, 0x44], null);

    /// <summary>KS X 1001 Hangul and Hanja, ESC $ ) C (ISO-IR 149), in G1.</summary>
    public static readonly CodeElement KsX1001 = new("ISO 2022 IR 149", true, 2, [0x1B, 0x24, 0x29, 0x43], () => CodePages.Get("euc-kr"));

    /// <summary>GB 2312 simplified Chinese, ESC $ ) A (ISO-IR 58), in G1.</summary>
    public static readonly CodeElement Gb2312 = new("ISO 2022 IR 58", true, 2, [0x1B, 0x24, 0x29, 0x41], () => CodePages.Get("gb2312"));

    /// <summary>The upper halves of ISO 8859 and TIS 620, each designated to G1 by ESC - F (PS3.3 Table C.12-3).</summary>
    public static readonly CodeElement[] SingleByte =
    [
        new("ISO 2022 IR 100", true, 1, [0x1B, 0x2D, 0x41], () => Encoding.Latin1),
        new("ISO 2022 IR 101", true, 1, [0x1B, 0x2D, 0x42], () => CodePages.Get("iso-8859-2")),
        new("ISO 2022 IR 109", true, 1, [0x1B, 0x2D, 0x43], () => CodePages.Get("iso-8859-3")),
        new("ISO 2022 IR 110", true, 1, [0x1B, 0x2D, 0x44], () => CodePages.Get("iso-8859-4")),
        new("ISO 2022 IR 144", true, 1, [0x1B, 0x2D, 0x4C], () => CodePages.Get("iso-8859-5")),
        new("ISO 2022 IR 127", true, 1, [0x1B, 0x2D, 0x47], () => CodePages.Get("iso-8859-6")),
        new("ISO 2022 IR 126", true, 1, [0x1B, 0x2D, 0x46], () => CodePages.Get("iso-8859-7")),
        new("ISO 2022 IR 138", true, 1, [0x1B, 0x2D, 0x48], () => CodePages.Get("iso-8859-8")),
        new("ISO 2022 IR 148", true, 1, [0x1B, 0x2D, 0x4D], () => CodePages.Get("iso-8859-9")),
        new("ISO 2022 IR 203", true, 1, [0x1B, 0x2D, 0x62], () => CodePages.Get("iso-8859-15")),
        new("ISO 2022 IR 166", true, 1, [0x1B, 0x2D, 0x54], () => CodePages.Get("windows-874")),
    ];

    /// <summary>Every element an escape sequence can designate.</summary>
    public static readonly CodeElement[] All = [Ascii, JisRomaji, JisKatakana, JisX0208, JisX0212, KsX1001, Gb2312, .. SingleByte];

    /// <summary>The element whose designation sequence starts <paramref name="bytes"/> (which starts with ESC).</summary>
    public static CodeElement? MatchEscape(ReadOnlySpan<byte> bytes)
    {
        foreach (var element in All)
        {
            if (bytes.StartsWith(element.Escape))
            {
                return element;
            }
        }

        return null;
    }

    public override string ToString() => Term;
}
