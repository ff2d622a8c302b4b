namespace ImagingPipeline.Extraction.Suv;

/// <summary>The factor that turns rescaled pixel values into SUVbw, or why there is none.</summary>
internal readonly record struct SuvFactor(double? Value, string? Reason)
{
    public static SuvFactor Of(double value) => new(value, null);

    public static SuvFactor None(string reason) => new(null, reason);

    public bool HasValue => Value is not null;
}
