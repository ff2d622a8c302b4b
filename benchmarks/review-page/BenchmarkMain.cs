using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ImagingPipeline.Worker.Tests.Review;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ImagingPipeline.ReviewPageBenchmark;

/// <summary>
/// Generates the 300-slice PET/CT with 10 lesions, starts the worker (embedded default, loopback,
/// no sign-in) on Kestrel, stores the study and records its assessment as the worker's extraction
/// does, then times the study page as a browser loads it: the HTML and every picture on it (six
/// connections at a time), first view (pictures drawn) and views after it (pictures from the
/// cache); and, where Debian's Chromium is installed, the page's load event in headless Chromium.
/// The study goes through the worker's own pipeline: the store, the study closing when its content
/// is whole, extraction and publication.
/// </summary>
internal static partial class BenchmarkMain
{
    public static async Task<int> Main(string[] args)
    {
        var slices = Option(args, "--slices", 300);
        var matrix = Option(args, "--ct-matrix", 512);
        var views = Option(args, "--views", 20);
        var scratch = Path.Combine(Path.GetTempPath(), "ip-review-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(scratch);
        try
        {
            var spec = BenchmarkPatient.Create(slices, matrix);
            var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["Storage:Root"] = Path.Combine(scratch, "store"),
                ["Storage:MinimumFreeSpace"] = "0",
                ["Storage:Fsync"] = "false",
                ["Dicom:Port"] = "0",
                ["Studies:QuietPeriod"] = "00:00:05",
                ["Studies:GracePeriod"] = "00:00:01",
                ["Studies:SweepInterval"] = "00:00:01",
                ["Logging:LogLevel:Default"] = "Warning",
            };
            // The worker's content root is its build output here, not a folder of the source tree.
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_IMAGINGPIPELINE_WORKER", AppContext.BaseDirectory);
            await using var factory = new Factory(settings);
            factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            factory.StartServer();
            var address = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

            var seeding = Stopwatch.StartNew();
            var (truth, stored) = await PhantomSeeder.SeedAsync(factory.Services, spec, scratch, TimeSpan.FromMinutes(10), CancellationToken.None);
            var assessment = stored.Single();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Study: {truth.Files.Count} files ({slices} CT slices {matrix}×{matrix}, {slices} PET slices 192×192, RT structure set), {assessment.Sites.Count} lesions; generated, stored, closed, extracted and published in {seeding.Elapsed.TotalSeconds:0.0} s"));

            var page = $"/review/studies/{assessment.StudyInstanceUid}/v/{assessment.Version}";
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 6 }) { BaseAddress = address };
            if (args.Contains("--trace"))
            {
                // Each picture of the first view alone, in page order: where the first view's time goes.
                var html0 = await http.GetStringAsync(page);
                foreach (var src in ImageSource().Matches(html0).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)))
                {
                    var w = Stopwatch.StartNew();
                    await http.GetByteArrayAsync(src);
                    Console.WriteLine($"{w.ElapsedMilliseconds} ms {src}");
                }
            }

            var (first, pictures) = await ViewAsync(http, page);
            var warm = new List<double>();
            for (var i = 0; i < views; i++)
            {
                warm.Add((await ViewAsync(http, page)).Elapsed.TotalMilliseconds);
            }

            Console.WriteLine($"Study page: HTML + {pictures} pictures (CT and fused PET per lesion), 6 connections");
            Report("first view (pictures drawn from DICOM)", [first.TotalMilliseconds]);
            Report($"views after the first ({views})", warm);
            if (File.Exists("/usr/bin/chromium"))
            {
                Report($"headless Chromium, load event, after the first view ({views})", await ChromiumAsync(address, page, views));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<(TimeSpan Elapsed, int Pictures)> ViewAsync(HttpClient http, string page)
    {
        var watch = Stopwatch.StartNew();
        var html = await http.GetStringAsync(page);
        var sources = ImageSource().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        await Parallel.ForEachAsync(sources, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (src, ct) =>
        {
            var bytes = await http.GetByteArrayAsync(src, ct);
            if (bytes.Length < 8)
            {
                throw new InvalidOperationException($"{src}: no picture");
            }
        });
        return (watch.Elapsed, sources.Count);
    }

    private static async Task<List<double>> ChromiumAsync(Uri address, string page, int views)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var tab = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = address.ToString() });
        var times = new List<double>();
        for (var i = 0; i < views; i++)
        {
            var watch = Stopwatch.StartNew();
            await tab.GotoAsync(page, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (!await tab.EvaluateAsync<bool>("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)"))
            {
                throw new InvalidOperationException("a picture did not load in Chromium");
            }
        }

        return times;
    }

    private static void Report(string what, IReadOnlyList<double> ms)
    {
        var sorted = ms.Order().ToList();
        var p95 = sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(0.95 * sorted.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what}: median {sorted[sorted.Count / 2]:0} ms, p95 {p95:0} ms, min {sorted[0]:0} ms, max {sorted[^1]:0} ms"));
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    [GeneratedRegex("<img src=\"([^\"]+)\"")]
    private static partial Regex ImageSource();

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
