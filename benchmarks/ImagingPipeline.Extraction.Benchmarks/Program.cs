using System.Diagnostics;
using System.Globalization;
using ImagingPipeline.Extraction;
using ImagingPipeline.Extraction.Benchmarks;
using ImagingPipeline.Phantoms;

// Extraction benchmark (README "Extraction benchmark"):
//   generate DIR        writes the benchmark study into DIR (once; a marker file records it)
//   run DIR [--runs N]  extracts DIR N times in this process and prints time, allocation and peak working set
if (args.Length < 2 || args[0] is not ("generate" or "run"))
{
    Console.Error.WriteLine("usage: generate DIR | run DIR [--runs N]");
    return 2;
}

var folder = args[1];
if (args[0] == "generate")
{
    var marker = Path.Combine(folder, ".generated");
    if (!File.Exists(marker))
    {
        var watch = Stopwatch.StartNew();
        var truth = PhantomGenerator.Write(BenchmarkStudy.Create(), folder);
        await File.WriteAllTextAsync(marker, string.Join('\n', truth.Files));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {truth.Files.Count} files to {folder} in {watch.Elapsed.TotalSeconds:0.0} s"));
    }

    return 0;
}

var runs = args.Length >= 4 && args[2] == "--runs" ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
var inputs = ExtractionInput.FromFolder(folder);
var times = new List<double>();
for (var i = 0; i < runs; i++)
{
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var watch = Stopwatch.StartNew();
    var result = new StudyExtractor().Extract(inputs);
    watch.Stop();
    var assessment = result.Assessments.Single();
    if (assessment.Sites.Count != BenchmarkStudy.Lesions || assessment.Sites.Any(s => s.SuvMax is null || s.PlaneCount != 40))
    {
        Console.Error.WriteLine("unexpected extraction result: " + string.Join("; ", assessment.Warnings.Concat(assessment.Sites.SelectMany(s => s.Warnings))));
        return 1;
    }

    times.Add(watch.Elapsed.TotalSeconds);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"run {i + 1}{(i == 0 ? " (cold: JIT)" : "")}: {watch.Elapsed.TotalSeconds:0.000} s, {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6:0} MB allocated, " +
        $"{result.InstancesRead} instances"));
}

using var process = Process.GetCurrentProcess();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"processors {Environment.ProcessorCount}, warm median {times.Skip(1).DefaultIfEmpty(times[0]).Order().ElementAt(Math.Max(0, times.Count - 1) / 2):0.000} s, peak working set {process.PeakWorkingSet64 / 1e6:0} MB"));
return 0;
