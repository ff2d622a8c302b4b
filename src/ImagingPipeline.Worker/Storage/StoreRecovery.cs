using System.Security.Cryptography;
using ImagingPipeline.Worker.Index;
using Microsoft.Extensions.Logging;

namespace ImagingPipeline.Worker.Storage;

/// <summary>
/// Start-up repair after a crash: partial files in .incoming are deleted, and a replaced copy's
/// backup ({SOP}.dcm.previous-*) is put back or dropped according to the index's SHA-256. Only
/// files untouched for <see cref="MinimumAge"/> are handled: replicas sharing the store may be
/// writing the younger ones.
/// </summary>
internal sealed partial class StoreRecovery(InstanceStore store, StudyIndex index, ILogger<StoreRecovery> logger)
{
    public static readonly TimeSpan MinimumAge = TimeSpan.FromHours(1);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var repaired = 0;
        if (Directory.Exists(store.IncomingDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(store.IncomingDirectory).Where(IsOld))
            {
                File.Delete(file);
                repaired++;
            }
        }

        if (!Directory.Exists(store.Root))
        {
            return repaired;
        }

        foreach (var backup in Directory.EnumerateFiles(store.Root, "*.dcm.previous-*", SearchOption.AllDirectories).Where(IsOld))
        {
            var final = backup[..backup.LastIndexOf(".previous-", StringComparison.Ordinal)];
            var sop = Path.GetFileNameWithoutExtension(final);
            var row = await index.FindInstanceAsync(sop, ct);
            if (!File.Exists(final) || (row is not null && await HashAsync(backup, ct) == row.Sha256))
            {
                File.Move(backup, final, overwrite: true);
            }
            else
            {
                File.Delete(backup);
            }

            repaired++;
        }

        if (repaired > 0)
        {
            LogRepaired(logger, repaired);
        }

        return repaired;
    }

    private static bool IsOld(string path) => DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > MinimumAge;

    private static async Task<string> HashAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Store recovery removed or restored {Count} files left by an interrupted run")]
    private static partial void LogRepaired(ILogger logger, int count);
}
