using System.Net;
using System.Runtime.CompilerServices;
using System.Text;

namespace ImagingPipeline.Worker.Review.Html;

/// <summary>Builds a page: <c>html.Add($"&lt;td&gt;{site.RoiName}&lt;/td&gt;")</c> encodes the hole, see <see cref="HtmlHandler"/>.</summary>
internal sealed class HtmlBuilder
{
    internal StringBuilder Builder { get; } = new(16 * 1024);

    public HtmlBuilder Add([InterpolatedStringHandlerArgument("")] ref HtmlHandler markup) => this;

    /// <summary>Encoded text.</summary>
    public HtmlBuilder Text(string? text)
    {
        Builder.Append(WebUtility.HtmlEncode(text ?? ""));
        return this;
    }

    public HtmlString ToHtml() => new(Builder.ToString());

    public override string ToString() => Builder.ToString();

    /// <summary>Markup built by <paramref name="build"/> as a value to put into another hole.</summary>
    public static HtmlString Of(Action<HtmlBuilder> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var html = new HtmlBuilder();
        build(html);
        return html.ToHtml();
    }
}
