namespace ImagingPipeline.Worker.Review.Pictures;

/// <summary>A CT display window (HU): centre (level) and width.</summary>
internal readonly record struct CtWindow(string Name, double Centre, double Width)
{
    public static CtWindow SoftTissue { get; } = new("soft tissue", 40, 400);

    public static CtWindow Lung { get; } = new("lung", -600, 1500);

    public static CtWindow Bone { get; } = new("bone", 400, 1800);

    /// <summary>Lung window for lung lesions, bone window for bone lesions, soft tissue for everything else.</summary>
    public static CtWindow For(string? organ) => organ?.ToUpperInvariant() switch
    {
        "LUNG" => Lung,
        "BONE" => Bone,
        _ => SoftTissue,
    };

    /// <summary>Grey level 0-255 of <paramref name="hu"/>.</summary>
    public byte Grey(float hu)
    {
        var t = ((hu - Centre) / Width) + 0.5;
        return (byte)Math.Round(Math.Clamp(t, 0, 1) * 255);
    }
}
