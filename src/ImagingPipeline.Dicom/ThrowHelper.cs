using System.Diagnostics.CodeAnalysis;

namespace ImagingPipeline.Dicom;

/// <summary>Throw helpers that keep hot paths small.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Parse(DicomTag tag, long offset, string message) => throw new DicomParseException(tag, offset, message);

    [DoesNotReturn]
    public static T Parse<T>(DicomTag tag, long offset, string message) => throw new DicomParseException(tag, offset, message);

    [DoesNotReturn]
    public static void Codec(string message) => throw new DicomCodecException(message);

    [DoesNotReturn]
    public static T Codec<T>(string message) => throw new DicomCodecException(message);

    [DoesNotReturn]
    public static void Data(string message) => throw new DicomDataException(message);

    [DoesNotReturn]
    public static T Data<T>(string message) => throw new DicomDataException(message);
}
