using System.Collections.Concurrent;
using System.Text;

namespace ImagingPipeline.Dicom.Text;

/// <summary>Encodings by name, with the code page encodings (ISO 8859-x, Shift JIS, EUC, GB) registered
/// through <see cref="CodePagesEncodingProvider"/>; .NET itself only ships UTF and Latin-1.</summary>
internal static class CodePages
{
    private static readonly ConcurrentDictionary<int, Encoding> StrictByCodePage = new();

    static CodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Get(string name) => Encoding.GetEncoding(name);

    /// <summary>The encoding that throws <see cref="EncoderFallbackException"/> on an unencodable character, for writing.</summary>
    public static Encoding Strict(Encoding encoding) => StrictByCodePage.GetOrAdd(encoding.CodePage,
        static codePage => Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ReplacementFallback));
}
