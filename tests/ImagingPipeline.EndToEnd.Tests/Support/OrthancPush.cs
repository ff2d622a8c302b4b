using System.Net.Http.Json;
using System.Text.Json;
using ImagingPipeline.TestSupport.Servers;

namespace ImagingPipeline.EndToEnd.Tests.Support;

/// <summary>Loads files into Orthanc over REST and has Orthanc push a study to its modality "pipe" (the worker) in one association.</summary>
internal static class OrthancPush
{
    /// <summary>Uploads <paramref name="files"/> (one study) and pushes that study; returns after Orthanc's C-STOREs completed.</summary>
    public static async Task StudyAsync(OrthancServer orthanc, IEnumerable<string> files, CancellationToken ct)
    {
        string? study = null;
        foreach (var file in files)
        {
            using var content = new ByteArrayContent(await File.ReadAllBytesAsync(file, ct));
            using var response = await orthanc.Http.PostAsync(new Uri("instances", UriKind.Relative), content, ct);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            study ??= body.GetProperty("ParentStudy").GetString();
        }

        using var request = new StringContent(JsonSerializer.Serialize(new { Resources = new[] { study }, Synchronous = true }), System.Text.Encoding.UTF8, "application/json");
        using var store = await orthanc.Http.PostAsync(new Uri("modalities/pipe/store", UriKind.Relative), request, ct); // Orthanc's field names are PascalCase
        var answer = await store.Content.ReadAsStringAsync(ct);
        Assert.True(store.IsSuccessStatusCode, $"Orthanc's push failed: {(int)store.StatusCode} {answer}");
    }
}
