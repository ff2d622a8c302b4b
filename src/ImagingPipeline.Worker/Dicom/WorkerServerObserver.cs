using ImagingPipeline.Dicom.Network;
using ImagingPipeline.Worker.Metrics;

namespace ImagingPipeline.Worker.Dicom;

/// <summary>Association counts for /metrics.</summary>
internal sealed class WorkerServerObserver(WorkerMetrics metrics) : IDicomServerObserver
{
    public void AssociationOpened(AssociationInfo association) => metrics.AssociationOpened();

    public void AssociationClosed(AssociationInfo association, bool aborted) => metrics.AssociationClosed();
}
