using System.Runtime.InteropServices;

namespace ImagingPipeline.Dicom.Text;

/// <summary>
/// Conversions .NET has no table for, through the C library's iconv (glibc on Linux): JIS X 0212
/// (ISO 2022 IR 159) as the three-byte EUC-JP form 0x8F, b1 | 0x80, b2 | 0x80. Where iconv is not
/// available the conversion reports failure and the caller substitutes U+FFFD (decode) or refuses
/// the character (encode).
/// </summary>
internal static partial class Iconv
{
    private static readonly nint Invalid = -1;

    /// <summary>Converts <paramref name="input"/> from one iconv encoding to another; false when iconv is
    /// missing, does not know the encodings, or the input does not convert completely.</summary>
    public static unsafe bool TryConvert(string from, string to, ReadOnlySpan<byte> input, Span<byte> output, out int written)
    {
        written = 0;
        nint cd;
        try
        {
            cd = Open(to, from);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }

        if (cd == Invalid)
        {
            return false;
        }

        try
        {
            fixed (byte* inBase = input)
            fixed (byte* outBase = output)
            {
                var inPtr = (nint)inBase;
                var outPtr = (nint)outBase;
                nuint inLeft = (nuint)input.Length;
                nuint outLeft = (nuint)output.Length;
                var result = Convert(cd, ref inPtr, ref inLeft, ref outPtr, ref outLeft);
                if (result == unchecked((nuint)(-1)) || inLeft != 0)
                {
                    return false;
                }

                written = output.Length - (int)outLeft;
                return true;
            }
        }
        finally
        {
            _ = Close(cd);
        }
    }

    [LibraryImport("libc", EntryPoint = "iconv_open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint Open(string toCode, string fromCode);

    [LibraryImport("libc", EntryPoint = "iconv")]
    private static partial nuint Convert(nint cd, ref nint inBuf, ref nuint inBytesLeft, ref nint outBuf, ref nuint outBytesLeft);

    [LibraryImport("libc", EntryPoint = "iconv_close")]
    private static partial int Close(nint cd);
}
