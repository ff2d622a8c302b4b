using ImagingPipeline.Dicom.Network;
using ImagingPipeline.Worker.Audit;
using ImagingPipeline.Worker.Storage;
using Microsoft.Extensions.Logging;

namespace ImagingPipeline.Worker.Dicom;

/// <summary>The SCP's C-STORE handler: reads the header of the received file and hands it to the store; what was
/// stored is noted per association for the audit trail.</summary>
internal sealed partial class WorkerStoreHandler(InstanceStore store, AssociationTracker tracker, ILogger<WorkerStoreHandler> logger)
    : IDicomStoreHandler
{
    public async ValueTask<DicomStoreResult> StoreAsync(DicomStoreRequest request, CancellationToken ct)
    {
        if (!UidPolicy.IsValid(request.SopInstanceUid) || !UidPolicy.IsValid(request.SopClassUid))
        {
            return new DicomStoreResult(StoreStatus.DataSetDoesNotMatchSopClass,
                "Affected SOP Class/Instance UID is not a valid UID (PS3.5 9.1)");
        }

        InstanceHeader header;
        try
        {
            header = Part10HeaderReader.Read(request.TempFilePath);
        }
        catch (InvalidDataException e)
        {
            LogUnreadable(logger, e.Message);
            return new DicomStoreResult(StoreStatus.CannotUnderstand, "the data set could not be parsed");
        }

        if (!string.Equals(header.SopInstanceUid, request.SopInstanceUid, StringComparison.Ordinal))
        {
            return new DicomStoreResult(StoreStatus.DataSetDoesNotMatchSopClass,
                "SOP Instance UID in the data set differs from the command's Affected SOP Instance UID");
        }

        var outcome = await store.StoreAsync(header, request.TempFilePath, request.Association.CallingAeTitle, request.FileSha256, request.FileSynced, ct);
        if (AssociationTracker.IsStored(outcome.Status))
        {
            tracker.InstanceStored(request.Association.Id, header);
        }

        return new DicomStoreResult(outcome.Status, outcome.ErrorComment);
    }

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "Received data set could not be parsed: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string reason);
}
