namespace ImagingPipeline.Worker.Review;

/// <summary>The page's stylesheet and script, embedded in the assembly (same origin, so the CSP allows them).</summary>
internal static class ReviewAssets
{
    private static readonly Dictionary<string, (byte[] Content, string Type)> Files = new(StringComparer.Ordinal)
    {
        ["review.css"] = (Load("review.css"), "text/css; charset=utf-8"),
        ["review.js"] = (Load("review.js"), "text/javascript; charset=utf-8"),
    };

    public static IResult Serve(string name) =>
        Files.TryGetValue(name, out var file) ? Results.Bytes(file.Content, file.Type) : Results.NotFound();

    private static byte[] Load(string name)
    {
        using var stream = typeof(ReviewAssets).Assembly.GetManifestResourceStream("ImagingPipeline.Worker.Review.Assets." + name)
            ?? throw new InvalidOperationException($"embedded asset {name} is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
