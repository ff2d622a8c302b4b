namespace ImagingPipeline.Worker.Review.Pictures;

/// <summary>What is drawn over a picture, in canvas coordinates.</summary>
internal sealed record PictureOverlay
{
    /// <summary>The lesion's closed contours on this slice.</summary>
    public IReadOnlyList<IReadOnlyList<(float X, float Y)>> Contours { get; init; } = [];

    /// <summary>The longest in-plane chord of the contours on this slice, with its length.</summary>
    public ((float X, float Y) A, (float X, float Y) B, double LengthMm)? Diameter { get; init; }

    /// <summary>First line, top left (what the picture is).</summary>
    public string Title { get; init; } = "";

    /// <summary>Last line, bottom left (where the slice is).</summary>
    public string Footer { get; init; } = "";

    /// <summary>Patient-direction letters at the left and right edges (e.g. "R", "L").</summary>
    public (string Left, string Right)? Sides { get; init; }
}
