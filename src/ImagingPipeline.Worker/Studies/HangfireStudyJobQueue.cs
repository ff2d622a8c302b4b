using Hangfire;

namespace ImagingPipeline.Worker.Studies;

/// <summary>Queues processing jobs in Hangfire's storage (PostgreSQL or in-memory).</summary>
internal sealed class HangfireStudyJobQueue(IBackgroundJobClient client) : IStudyJobQueue
{
    public void EnqueueProcessing(string studyInstanceUid) =>
        client.Enqueue<StudyJobs>(j => j.ProcessAsync(studyInstanceUid, CancellationToken.None));
}
