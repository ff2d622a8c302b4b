namespace ImagingPipeline.Worker.Review.Html;

/// <summary>Markup that is already safe (built by <see cref="HtmlBuilder"/> or a literal); inserted as is.</summary>
internal readonly record struct HtmlString(string Value)
{
    public static HtmlString Empty { get; } = new("");

    public override string ToString() => Value;
}
