using System.Buffers;
using System.Text;
using ImagingPipeline.Dicom.Text;

namespace ImagingPipeline.Dicom;

/// <summary>ISO 2022 code extensions (PS3.5 6.1.2.5): escape sequences designate G0 (bytes 0x21–0x7E)
/// and G1 (bytes 0xA1–0xFE) sets; both return to the initial sets of value 1 at each delimiter.</summary>
internal sealed partial class DicomCharacterSet
{
    private string DecodeIso2022(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        // Every byte gives at most one character (two-byte characters give one; escapes none).
        var rented = bytes.Length > 512 ? ArrayPool<char>.Shared.Rent(bytes.Length) : null;
        var chars = rented ?? stackalloc char[bytes.Length];
        try
        {
            var g0 = _initialG0!;
            var g1 = _initialG1;
            var n = 0;
            var i = 0;
            while (i < bytes.Length)
            {
                var b = bytes[i];
                if (b == 0x1B && CodeElement.MatchEscape(bytes[i..]) is { } designated)
                {
                    if (designated.IsG1)
                    {
                        g1 = designated;
                    }
                    else
                    {
                        g0 = designated;
                    }

                    i += designated.Escape.Length;
                    continue;
                }

                if (b < 0x80)
                {
                    if (g0.BytesPerChar == 2 && IsGraphic(b) && i + 1 < bytes.Length && IsGraphic(bytes[i + 1]))
                    {
                        chars[n++] = DecodeG0Pair(g0, b, bytes[i + 1]);
                        i += 2;
                        continue;
                    }

                    var c = (char)b;
                    if (IsDelimiter(c, vr))
                    {
                        g0 = _initialG0!;
                        g1 = _initialG1;
                    }

                    chars[n++] = c;
                    i++;
                    continue;
                }

                if (g1 is null)
                {
                    chars[n++] = (char)b;
                    i++;
                }
                else if (g1.BytesPerChar == 2)
                {
                    if (i + 1 < bytes.Length && bytes[i + 1] >= 0xA1)
                    {
                        n += g1.Encoding!.GetChars(bytes.Slice(i, 2), chars[n..]);
                        i += 2;
                    }
                    else
                    {
                        chars[n++] = '\uFFFD';
                        i++;
                    }
                }
                else
                {
                    n += g1.Encoding!.GetChars(bytes.Slice(i, 1), chars[n..]);
                    i++;
                }
            }

            return new string(chars[..n]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static bool IsGraphic(byte b) => b is > 0x20 and < 0x7F;

    /// <summary>A two-byte G0 character: JIS X 0208 read as EUC-JP (high bits set); JIS X 0212 as
    /// EUC-JP's three-byte form through iconv.</summary>
    private static char DecodeG0Pair(CodeElement g0, byte first, byte second)
    {
        Span<byte> euc = [0x8F, (byte)(first | 0x80), (byte)(second | 0x80)];
        Span<char> one = stackalloc char[2];
        if (g0 == CodeElement.JisX0208)
        {
            return g0.Encoding!.GetChars(euc[1..], one) == 1 ? one[0] : '\uFFFD';
        }

        Span<byte> utf16 = stackalloc byte[8];
        return Iconv.TryConvert("EUC-JP", "UTF-16LE", euc, utf16, out var written) && written == 2
            ? (char)(utf16[0] | (utf16[1] << 8))
            : '\uFFFD';
    }

    /// <summary>Where the sets return to the initial ones (PS3.5 6.1.2.5.3): the value delimiter, CR, LF,
    /// FF and TAB, and in person names the component (^) and group (=) delimiters.</summary>
    private static bool IsDelimiter(char c, DicomVR vr) =>
        c is '\\' or '\r' or '\n' or '\f' or '\t' || (vr == DicomVR.PN && c is '^' or '=');

    private byte[] EncodeIso2022(string text, DicomVR vr)
    {
        var output = new ArrayBufferWriter<byte>(text.Length * 2 + 8);
        var g0 = _initialG0!;
        var g1 = _initialG1;
        Span<byte> bytes = stackalloc byte[4];
        foreach (var c in text)
        {
            if (IsDelimiter(c, vr))
            {
                ReturnToInitial(output, ref g0, ref g1);
                output.Write([(byte)c]);
                continue;
            }

            if (c < 0x80)
            {
                if (g0.BytesPerChar != 1)
                {
                    g0 = _initialG0!.BytesPerChar == 1 ? _initialG0 : CodeElement.Ascii;
                    output.Write(g0.Escape);
                }

                output.Write([(byte)c]);
                continue;
            }

            var encoded = false;
            foreach (var candidate in Candidates(g0, g1))
            {
                var length = TryEncode(candidate, c, bytes);
                if (length == 0)
                {
                    continue;
                }

                if (candidate.IsG1 && candidate != g1)
                {
                    output.Write(candidate.Escape);
                    g1 = candidate;
                }
                else if (!candidate.IsG1 && candidate != g0)
                {
                    output.Write(candidate.Escape);
                    g0 = candidate;
                }

                output.Write(bytes[..length]);
                encoded = true;
                break;
            }

            if (!encoded)
            {
                throw new DicomDataException($"'{c}' in '{text}' cannot be encoded in Specific Character Set '{Terms}'");
            }
        }

        ReturnToInitial(output, ref g0, ref g1);
        return output.WrittenSpan.ToArray();
    }

    private void ReturnToInitial(ArrayBufferWriter<byte> output, ref CodeElement g0, ref CodeElement? g1)
    {
        if (g0 != _initialG0)
        {
            g0 = _initialG0!;
            output.Write(g0.Escape);
        }

        if (g1 != _initialG1)
        {
            g1 = _initialG1;
            if (g1 is not null)
            {
                output.Write(g1.Escape);
            }
        }
    }

    /// <summary>The sets to try for a character: those designated now, the initial G1, then the extensions in declared order.</summary>
    private IEnumerable<CodeElement> Candidates(CodeElement g0, CodeElement? g1)
    {
        if (g1 is not null)
        {
            yield return g1;
        }

        if (g0.BytesPerChar == 2)
        {
            yield return g0;
        }

        if (_initialG1 is not null)
        {
            yield return _initialG1;
        }

        foreach (var extension in _extensions)
        {
            yield return extension;
        }
    }

    /// <summary>The bytes of <paramref name="c"/> in <paramref name="element"/> as they go on the wire (G0
    /// sets without, G1 sets with the high bit), or 0 when the set does not have the character.</summary>
    private static int TryEncode(CodeElement element, char c, Span<byte> destination)
    {
        ReadOnlySpan<char> one = [c];
        Span<byte> encoded = stackalloc byte[8];
        int length;
        if (element == CodeElement.JisX0212)
        {
            Span<byte> utf16 = [(byte)c, (byte)(c >> 8)];
            if (!Iconv.TryConvert("UTF-16LE", "EUC-JP", utf16, encoded, out length) || length != 3 || encoded[0] != 0x8F)
            {
                return 0;
            }

            destination[0] = (byte)(encoded[1] & 0x7F);
            destination[1] = (byte)(encoded[2] & 0x7F);
            return 2;
        }

        if (element.Encoding is null)
        {
            return 0;
        }

        try
        {
            length = CodePages.Strict(element.Encoding).GetBytes(one, encoded);
        }
        catch (EncoderFallbackException)
        {
            return 0;
        }

        if (element == CodeElement.JisX0208)
        {
            if (length != 2 || encoded[0] < 0xA1 || encoded[1] < 0xA1)
            {
                return 0;
            }

            destination[0] = (byte)(encoded[0] & 0x7F);
            destination[1] = (byte)(encoded[1] & 0x7F);
            return 2;
        }

        if (length != element.BytesPerChar || encoded[0] < 0xA0 || (length == 2 && encoded[1] < 0xA1)
            || (element == CodeElement.JisKatakana && encoded[0] > 0xDF))
        {
            return 0;
        }

        encoded[..length].CopyTo(destination);
        return length;
    }
}
