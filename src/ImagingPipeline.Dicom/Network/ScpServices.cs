namespace ImagingPipeline.Dicom.Network;

/// <summary>What every association of one <see cref="DicomServer"/> shares: options, handlers, the observer, and
/// the server's tracking of work that outlives an association (storage commitment reports).</summary>
internal sealed record ScpServices(
    DicomServerOptions Options,
    IDicomStoreHandler StoreHandler,
    IDicomServerObserver? Observer,
    IStorageCommitmentHandler? CommitmentHandler,
    IStorageCommitmentReportHandler? ReportHandler,
    Action<Func<Task>> RunInBackground,
    CancellationToken Stopping);
