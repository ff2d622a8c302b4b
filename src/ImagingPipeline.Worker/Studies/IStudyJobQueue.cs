namespace ImagingPipeline.Worker.Studies;

/// <summary>Queues the processing of a closed study (Hangfire in the host).</summary>
internal interface IStudyJobQueue
{
    void EnqueueProcessing(string studyInstanceUid);
}
