using System.Globalization;
using System.Text;
using ImagingPipeline.Dicom.Network;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Storage;
using Microsoft.Extensions.Logging;

namespace ImagingPipeline.Worker.Dicom;

/// <summary>
/// Storage commitment (PS3.4 J) answered from the index: an instance is committed only when its index row exists
/// (the row is committed after the file was fsynced and renamed into place), its SOP class is the one the requester
/// names, and its file is on disk with the recorded size. Anything else is reported failed with the PS3.4 J.3.2.1.3
/// reason; a database that does not answer fails the whole request (0x0110) so the requester asks again later.
/// </summary>
internal sealed partial class WorkerStorageCommitmentHandler(
    StudyIndex index, InstanceStore store, ILogger<WorkerStorageCommitmentHandler> logger) : IStorageCommitmentHandler
{
    /// <summary>UIDs per SELECT; well below SQLite's and PostgreSQL's parameter limits.</summary>
    private const int Batch = 200;

    public async ValueTask<StorageCommitmentReport> CommitAsync(StorageCommitmentRequest request, CancellationToken ct)
    {
        var held = new Dictionary<string, (string SopClass, string Path, long Size)>(StringComparer.Ordinal);
        var uids = request.References.Select(r => r.SopInstanceUid).Where(UidPolicy.IsValid).Distinct(StringComparer.Ordinal).ToList();
        await using (var connection = await index.Database.OpenAsync(ct))
        {
            for (var start = 0; start < uids.Count; start += Batch)
            {
                var chunk = uids.GetRange(start, Math.Min(Batch, uids.Count - start));
                var sql = new StringBuilder("SELECT sop_instance_uid, sop_class_uid, path, size_bytes FROM instances WHERE sop_instance_uid IN (");
                var parameters = new (string, object?)[chunk.Count];
                for (var i = 0; i < chunk.Count; i++)
                {
                    var name = "u" + i.ToString(CultureInfo.InvariantCulture);
                    sql.Append(i == 0 ? "@" : ", @").Append(name);
                    parameters[i] = (name, chunk[i]);
                }

                await using var command = IndexDatabase.Command(connection, null, sql.Append(')').ToString(), parameters);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    held[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2), reader.GetInt64(3));
                }
            }
        }

        var report = StorageCommitmentReport.FromDecisions(request, reference =>
        {
            if (!held.TryGetValue(reference.SopInstanceUid, out var row))
            {
                return StorageCommitmentFailureReason.NoSuchObjectInstance;
            }

            if (!string.Equals(row.SopClass, reference.SopClassUid, StringComparison.Ordinal))
            {
                return StorageCommitmentFailureReason.ClassInstanceConflict;
            }

            var file = new FileInfo(Path.Combine(store.Root, row.Path));
            return file.Exists && file.Length == row.Size ? null : StorageCommitmentFailureReason.NoSuchObjectInstance;
        });
        LogDecided(logger, request.Association.CallingAeTitle, request.References.Count, report.Failed.Count);
        return report;
    }

    [LoggerMessage(EventId = 4303, Level = LogLevel.Information,
        Message = "Storage commitment for {CallingAe}: {Requested} instances requested, {Failed} failed")]
    private static partial void LogDecided(ILogger logger, string callingAe, int requested, int failed);
}
