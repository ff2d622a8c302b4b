using System.Collections.Concurrent;
using ImagingPipeline.Worker.Studies;

namespace ImagingPipeline.Worker.Tests.Support;

/// <summary>Collects queued processing jobs so a test can run them.</summary>
internal sealed class ListJobQueue : IStudyJobQueue
{
    public ConcurrentQueue<string> Queued { get; } = new();

    public void EnqueueProcessing(string studyInstanceUid) => Queued.Enqueue(studyInstanceUid);
}
