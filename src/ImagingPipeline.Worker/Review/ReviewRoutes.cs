using System.Globalization;
using ImagingPipeline.Worker.Review.Pictures;

namespace ImagingPipeline.Worker.Review;

/// <summary>The review page's URLs. They carry UIDs, version and site numbers only, never patient names or IDs.</summary>
internal static class ReviewRoutes
{
    public const string Root = "/review";
    public const string Assets = "/review/assets";

    public static string Study(string anchor) => $"{Root}/studies/{anchor}";

    public static string Version(string anchor, int version) => string.Create(CultureInfo.InvariantCulture, $"{Root}/studies/{anchor}/v/{version}");

    public static string Lesion(string anchor, int version, int site, int offset = 0) =>
        Version(anchor, version) + string.Create(CultureInfo.InvariantCulture, $"/sites/{site}") +
        (offset == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"?offset={offset}"));

    public static string Decision(string anchor, int version, int site) => Version(anchor, version) + string.Create(CultureInfo.InvariantCulture, $"/sites/{site}/decision");

    public static string SignOff(string anchor, int version) => Version(anchor, version) + "/signoff";

    public static string Reprocess(string anchor) => Study(anchor) + "/reprocess";

    public static string Picture(string anchor, int version, int site, PictureKind kind, int offset = 0, int? size = null)
    {
        var query = new List<string>();
        if (offset != 0)
        {
            query.Add(string.Create(CultureInfo.InvariantCulture, $"offset={offset}"));
        }

        if (size is { } s)
        {
            query.Add(string.Create(CultureInfo.InvariantCulture, $"size={s}"));
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Root}/pictures/{anchor}/v/{version}/sites/{site}/{kind.ToString().ToLowerInvariant()}.png") +
            (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }
}
