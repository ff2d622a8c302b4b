namespace ImagingPipeline.Extraction.Suv;

/// <summary>The factor that turns rescaled pixel values into SUVbw, or why there is none; <see cref="Method"/> says how it was derived.</summary>
internal readonly record struct SuvFactor(double? Value, string? Reason, string? Method = null)
{
    public static SuvFactor Of(double value, string? method = null) => new(value, null, method);

    public static SuvFactor None(string reason) => new(null, reason);

    public bool HasValue => Value is not null;
}
