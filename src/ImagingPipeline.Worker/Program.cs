using ImagingPipeline.Worker.Api;
using ImagingPipeline.Worker.Audit;
using ImagingPipeline.Worker.Health;
using ImagingPipeline.Worker.Hosting;
using ImagingPipeline.Worker.Messaging;
using ImagingPipeline.Worker.Metrics;
using ImagingPipeline.Worker.Assessments;
using ImagingPipeline.Worker.Review;

// `--demo`: push sample-dicom/ to this worker over DICOM once it is up and print the lesion lists.
var demo = args.Contains("--demo", StringComparer.Ordinal);
// No reload-on-change of configuration files: the options are read once at start, and the file
// watcher it needs watches the content root recursively with inotify, which is every study and
// series folder of a store under the working directory (./data by default): a watch per folder
// and a wake-up per write of every instance.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args.Where(a => a != "--demo")]);
if (demo)
{
    builder.Configuration[DemoService.EnabledKey] = "true";
}

if (string.IsNullOrEmpty(builder.Configuration["Urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    builder.WebHost.UseUrls("http://localhost:8080");
}

builder.Services
    .AddWorkerOptions()
    .AddWorkerIndex(builder.Configuration)
    .AddWorkerStore()
    .AddWorkerAudit()
    .AddWorkerDicom()
    .AddWorkerJobs(builder.Configuration)
    .AddReview(builder.Configuration)
    .AddImagingPipelineMessaging(builder.Configuration, ReviewServiceCollectionExtensions.Consumers(builder.Configuration))
    .AddImagingPipelineAssessments()
    .AddWorkerHealth()
    .AddWorkerDemo(builder.Configuration);

var app = builder.Build();
app.UseReview();
app.MapWorkerHealth();
app.MapWorkerMetrics();
app.MapStudyEndpoints();
app.MapAssessmentEndpoints();
app.MapAuditEndpoints();
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
