using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;

namespace ImagingPipeline.Worker.Review.Html;

/// <summary>
/// Interpolated markup: the literal parts are written as they are, every hole is HTML-encoded
/// (numbers in the invariant culture) unless it is an <see cref="HtmlString"/>. Patient text can
/// only reach a page through a hole, so it is always encoded.
/// </summary>
[InterpolatedStringHandler]
internal readonly ref struct HtmlHandler
{
    private readonly StringBuilder _builder;

    public HtmlHandler(int literalLength, int formattedCount, HtmlBuilder html)
    {
        ArgumentNullException.ThrowIfNull(html);
        _builder = html.Builder;
        _builder.EnsureCapacity(_builder.Length + literalLength + (formattedCount * 8));
    }

    public void AppendLiteral(string value) => _builder.Append(value);

    public void AppendFormatted(HtmlString value) => _builder.Append(value.Value);

    public void AppendFormatted(string? value) => _builder.Append(WebUtility.HtmlEncode(value ?? ""));

    public void AppendFormatted<T>(T value)
    {
        var text = value switch
        {
            null => "",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        _builder.Append(WebUtility.HtmlEncode(text));
    }

    public void AppendFormatted<T>(T value, string? format)
        where T : IFormattable => _builder.Append(WebUtility.HtmlEncode(value.ToString(format, CultureInfo.InvariantCulture)));
}
