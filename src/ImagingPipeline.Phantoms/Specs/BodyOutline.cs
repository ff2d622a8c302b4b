namespace ImagingPipeline.Phantoms.Specs;

/// <summary>The patient's body: an elliptic cylinder along z (world coordinates), background SUV and HU inside.</summary>
public sealed record BodyOutline
{
    public double SemiAxisXMm { get; init; } = 170;

    public double SemiAxisYMm { get; init; } = 110;

    public double CentreXMm { get; init; }

    public double CentreYMm { get; init; }

    public double BackgroundSuv { get; init; } = 1.0;

    public double BackgroundHu { get; init; }

    public bool Contains(double x, double y)
    {
        var dx = (x - CentreXMm) / SemiAxisXMm;
        var dy = (y - CentreYMm) / SemiAxisYMm;
        return (dx * dx) + (dy * dy) <= 1;
    }
}
