using ImagingPipeline.TestSupport.Environment;
using Microsoft.Playwright;

namespace ImagingPipeline.Worker.Tests.Review;

/// <summary>Debian's Chromium, headless, driven by Playwright through its executable path (no browser download).</summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Requirements.Path(ExecutablePath, "Chromium (Debian package chromium; scripts/install-deps.sh installs it)");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Where screenshots go: <c>IMAGINGPIPELINE_SCREENSHOTS</c> (e.g. docs/screenshots) when set, else the test's output folder.</summary>
    public static string ScreenshotFolder()
    {
        var folder = System.Environment.GetEnvironmentVariable("IMAGINGPIPELINE_SCREENSHOTS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured, RepositoryPaths.RepositoryRoot)
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
