using System.Globalization;
using Hangfire;
using ImagingPipeline.Worker.Configuration;
using ImagingPipeline.Worker.Studies;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Hosting;

/// <summary>Registers the study sweep as a recurring job (idempotent; the job storage deduplicates by id).</summary>
internal sealed class RecurringJobRegistration(IRecurringJobManager jobs, IOptions<StudiesOptions> options) : IHostedService
{
    public const string SweepJobId = "study-sweep";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var seconds = (int)Math.Clamp(options.Value.SweepInterval.TotalSeconds, 1, 59);
        // Six-field cron (with seconds): every N seconds.
        var cron = string.Create(CultureInfo.InvariantCulture, $"*/{seconds} * * * * *");
        jobs.AddOrUpdate<StudyJobs>(SweepJobId, j => j.SweepAsync(CancellationToken.None), cron);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
