using System.Globalization;
using System.Text;
using Hangfire;
using ImagingPipeline.Worker.Index;

namespace ImagingPipeline.Worker.Metrics;

/// <summary>/metrics in the Prometheus text exposition format (version 0.0.4).</summary>
internal static class MetricsEndpoint
{
    public static IEndpointRouteBuilder MapWorkerMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async (WorkerMetrics metrics, StudyIndex index, JobStorage jobs,
            IEnumerable<IMetricsContributor> contributors, CancellationToken ct) =>
        {
            var text = new StringBuilder();
            Counter(text, "imagingpipeline_associations_total", "DICOM associations accepted.", metrics.Associations);
            Gauge(text, "imagingpipeline_associations_active", "DICOM associations open now.", metrics.AssociationsActive);
            Counter(text, "imagingpipeline_instances_received_total", "C-STORE requests handed to the store.", metrics.InstancesReceived);
            Counter(text, "imagingpipeline_instances_stored_total", "Instances written (new or changed).", metrics.InstancesStored);
            Counter(text, "imagingpipeline_instances_duplicate_total", "Identical instances acknowledged without writing.", metrics.InstancesDuplicate);
            Counter(text, "imagingpipeline_instances_rejected_total", "C-STOREs answered with a failure status.", metrics.InstancesRejected);
            Counter(text, "imagingpipeline_stored_bytes_total", "Bytes of instances written.", metrics.BytesStored);

            text.Append("# HELP imagingpipeline_store_latency_seconds Time from a received file to its committed index row.\n");
            text.Append("# TYPE imagingpipeline_store_latency_seconds histogram\n");
            for (var i = 0; i < WorkerMetrics.LatencyBuckets.Length; i++)
            {
                Line(text, "imagingpipeline_store_latency_seconds_bucket{le=\"" + Format(WorkerMetrics.LatencyBuckets[i]) + "\"}", metrics.LatencyBucket(i));
            }

            Line(text, "imagingpipeline_store_latency_seconds_bucket{le=\"+Inf\"}", metrics.LatencyCount);
            text.Append("imagingpipeline_store_latency_seconds_sum ").Append(Format(metrics.LatencySumSeconds)).Append('\n');
            Line(text, "imagingpipeline_store_latency_seconds_count", metrics.LatencyCount);

            text.Append("# HELP imagingpipeline_studies Studies in the index by state.\n# TYPE imagingpipeline_studies gauge\n");
            foreach (var (state, count) in await index.CountByStateAsync(ct))
            {
                Line(text, "imagingpipeline_studies{state=\"" + state + "\"}", count);
            }

            Counter(text, "imagingpipeline_study_jobs_succeeded_total", "Study processing jobs that succeeded in this process.", metrics.JobsSucceeded);
            Counter(text, "imagingpipeline_study_jobs_failed_total", "Study processing jobs that failed in this process.", metrics.JobsFailed);
            var stats = jobs.GetMonitoringApi().GetStatistics();
            text.Append("# HELP imagingpipeline_jobs Hangfire jobs by state (whole job storage).\n# TYPE imagingpipeline_jobs gauge\n");
            Line(text, "imagingpipeline_jobs{state=\"enqueued\"}", stats.Enqueued);
            Line(text, "imagingpipeline_jobs{state=\"scheduled\"}", stats.Scheduled);
            Line(text, "imagingpipeline_jobs{state=\"processing\"}", stats.Processing);
            Line(text, "imagingpipeline_jobs{state=\"succeeded\"}", stats.Succeeded);
            Line(text, "imagingpipeline_jobs{state=\"failed\"}", stats.Failed);

            foreach (var contributor in contributors)
            {
                await contributor.WriteAsync(text, ct);
            }

            return Results.Text(text.ToString(), "text/plain; version=0.0.4; charset=utf-8");
        });
        return app;
    }

    internal static void Counter(StringBuilder text, string name, string help, long value)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(" counter\n");
        Line(text, name, value);
    }

    internal static void Gauge(StringBuilder text, string name, string help, long value)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(" gauge\n");
        Line(text, name, value);
    }

    private static void Line(StringBuilder text, string series, long value) =>
        text.Append(series).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
