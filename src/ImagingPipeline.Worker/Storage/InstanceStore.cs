using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using ImagingPipeline.Worker.Configuration;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Storage;

/// <summary>
/// Durable instance store: validate UIDs → check the free-space reserve → hash + fsync the received
/// file → rename it to {root}/{Study}/{Series}/{SOP}.dcm → commit the index row. Success only after
/// all of it; on any failure the file system and the index are as before.
/// </summary>
internal sealed partial class InstanceStore(
    IOptions<StorageOptions> options, StudyIndex index, WorkerMetrics metrics, ILogger<InstanceStore> logger)
{
    private static readonly SemaphoreSlim[] Stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    private readonly StorageOptions _options = options.Value;
    private readonly FolderSync _folderSync = new();

    public string Root => _options.FullRoot;

    /// <summary>Whether each file is fsynced before its C-STORE is answered (Storage:Fsync).</summary>
    public bool SyncsFiles => _options.Fsync;

    /// <summary>Folder for files being received, on the store's file system so a rename is atomic.</summary>
    public string IncomingDirectory => Path.Combine(Root, ".incoming");

    /// <summary>Why the store cannot accept instances now, or null when it can.</summary>
    public string? FreeSpaceProblem()
    {
        Directory.CreateDirectory(Root);
        var free = new DriveInfo(Root).AvailableFreeSpace;
        return free < _options.MinimumFreeSpace
            ? $"free space on the store ({free} bytes) is below Storage:MinimumFreeSpace ({_options.MinimumFreeSpace} bytes)"
            : null;
    }

    /// <summary>Stores the Part 10 file at <paramref name="receivedFile"/>, whose header is <paramref name="header"/>, hashing it.</summary>
    public Task<StoreOutcome> StoreAsync(InstanceHeader header, string receivedFile, string callingAeTitle, CancellationToken ct) =>
        StoreAsync(header, receivedFile, callingAeTitle, null, false, ct);

    /// <summary>Stores the Part 10 file at <paramref name="receivedFile"/>, whose header is <paramref name="header"/>.</summary>
    /// <param name="sha256">The file's SHA-256 when the receiver already computed it (lowercase hex), else null.</param>
    /// <param name="synced">Whether the receiver already fsynced the file.</param>
    public async Task<StoreOutcome> StoreAsync(InstanceHeader header, string receivedFile, string callingAeTitle, string? sha256,
        bool synced, CancellationToken ct)
    {
        metrics.Received();
        var started = Stopwatch.GetTimestamp();
        var outcome = await StoreCoreAsync(header, receivedFile, callingAeTitle, sha256, synced, ct);
        if (!outcome.IsSuccess)
        {
            metrics.Rejected();
            LogRejected(logger, outcome.Status, outcome.ErrorComment);
        }

        metrics.ObserveStoreLatency(Stopwatch.GetElapsedTime(started));
        return outcome;
    }

    private async Task<StoreOutcome> StoreCoreAsync(InstanceHeader h, string receivedFile, string callingAeTitle, string? knownSha256,
        bool synced, CancellationToken ct)
    {
        foreach (var (name, uid) in new[]
        {
            ("Study Instance UID", h.StudyInstanceUid), ("Series Instance UID", h.SeriesInstanceUid),
            ("SOP Instance UID", h.SopInstanceUid), ("SOP Class UID", h.SopClassUid),
        })
        {
            if (!UidPolicy.IsValid(uid))
            {
                return new StoreOutcome(StoreStatus.DataSetDoesNotMatchSopClass, $"{name} is not a valid UID (PS3.5 9.1)");
            }
        }

        if (FreeSpaceProblem() is { } problem)
        {
            return new StoreOutcome(StoreStatus.OutOfResources, problem);
        }

        var relative = Path.Combine(h.StudyInstanceUid, h.SeriesInstanceUid, h.SopInstanceUid + ".dcm");
        var final = Path.Combine(Root, relative);
        var stripe = Stripes[(StringComparer.Ordinal.GetHashCode(h.SopInstanceUid) & 0x7fffffff) % Stripes.Length];
        await stripe.WaitAsync(ct);
        string? staged = null;
        try
        {
            staged = await StageAsync(receivedFile, ct);
            // A hash computed (and an fsync done) on arrival holds for the staged file only when it is the received file
            // itself (not a copy).
            var received = staged == Path.GetFullPath(receivedFile);
            var (hash, size) = knownSha256 is not null && received
                ? (knownSha256, synced || !_options.Fsync ? new FileInfo(staged).Length : Sync(staged))
                : HashAndSync(staged);
            var existing = await index.FindInstanceAsync(h.SopInstanceUid, ct);
            if (existing is not null && existing.Sha256 == hash && File.Exists(Path.Combine(Root, existing.Path)))
            {
                metrics.Duplicate();
                return new StoreOutcome(StoreStatus.Success);
            }

            return await PlaceAndRecordAsync(h, staged, relative, final, existing, hash, size, callingAeTitle, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException
                                      or InvalidOperationException or TimeoutException)
        {
            LogStoreFailed(logger, e.GetType().Name, e.Message);
            // A full disk or an index that does not answer (transient: down, restarting, timed out) is
            // "refused: out of resources", which senders retry; anything else is a processing failure.
            var transient = (e is IOException io && IsDiskFull(io)) || e is System.Data.Common.DbException { IsTransient: true } or TimeoutException;
            var status = transient ? StoreStatus.OutOfResources : StoreStatus.ProcessingFailure;
            return new StoreOutcome(status, $"the instance could not be stored: {e.GetType().Name}");
        }
        finally
        {
            if (staged is not null && staged != receivedFile)
            {
                TryDelete(staged);
            }

            stripe.Release();
        }
    }

    private async Task<StoreOutcome> PlaceAndRecordAsync(InstanceHeader h, string staged, string relative, string final,
        StoredInstance? existing, string hash, long size, string callingAeTitle, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(final)!;
        var created = CreateFolders(folder);
        string? backup = null;
        if (File.Exists(final))
        {
            // A changed copy replaces the stored one; keep the old file until the index commits.
            backup = final + ".previous-" + Guid.NewGuid().ToString("N");
            File.Move(final, backup);
        }

        try
        {
            File.Move(staged, final);
            if (_options.Fsync)
            {
                _folderSync.Sync(folder);
                foreach (var dir in created)
                {
                    FileSync.Directory(Path.GetDirectoryName(dir)!);
                }
            }

            await index.RecordInstanceAsync(h, relative.Replace('\\', '/'), size, hash, callingAeTitle, ct);
        }
        catch
        {
            TryDelete(final);
            if (backup is not null)
            {
                File.Move(backup, final);
            }

            throw;
        }

        if (backup is not null)
        {
            TryDelete(backup);
        }

        if (existing is not null && !string.Equals(existing.Path, relative.Replace('\\', '/'), StringComparison.Ordinal))
        {
            TryDelete(Path.Combine(Root, existing.Path));
        }

        metrics.Stored(size);
        LogStored(logger, h.SopInstanceUid, size, existing is null ? 1 : existing.Version + 1);
        return new StoreOutcome(StoreStatus.Success);
    }

    /// <summary>Moves or copies the received file into the store's incoming folder (same file system as the final path).</summary>
    private async Task<string> StageAsync(string receivedFile, CancellationToken ct)
    {
        var full = Path.GetFullPath(receivedFile);
        if (string.Equals(Path.GetDirectoryName(full), IncomingDirectory, StringComparison.Ordinal))
        {
            return full;
        }

        Directory.CreateDirectory(IncomingDirectory);
        var staged = Path.Combine(IncomingDirectory, Guid.NewGuid().ToString("N") + ".tmp");
        await using (var source = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        await using (var target = new FileStream(staged, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await source.CopyToAsync(target, ct);
        }

        return staged;
    }

    /// <summary>
    /// SHA-256 and size of the staged file, and its fsync. Synchronous reads of 1 MiB from the page
    /// cache: an async FileStream under SHA256.HashDataAsync went through the thread pool for every
    /// 4 KiB and cost more CPU than everything else the store does per instance.
    /// </summary>
    private (string Hash, long Size) HashAndSync(string file)
    {
        using var handle = File.OpenHandle(file, FileMode.Open, _options.Fsync ? FileAccess.ReadWrite : FileAccess.Read, FileShare.Read);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long offset = 0;
            int read;
            while ((read = RandomAccess.Read(handle, buffer, offset)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                offset += read;
            }

            if (_options.Fsync)
            {
                RandomAccess.FlushToDisk(handle);
            }

            return (Convert.ToHexStringLower(sha.GetHashAndReset()), offset);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Size of the staged file, and its fsync (when on), without reading it.</summary>
    private long Sync(string file)
    {
        using var handle = File.OpenHandle(file, FileMode.Open, _options.Fsync ? FileAccess.ReadWrite : FileAccess.Read, FileShare.Read);
        if (_options.Fsync)
        {
            RandomAccess.FlushToDisk(handle);
        }

        return RandomAccess.GetLength(handle);
    }

    private List<string> CreateFolders(string folder)
    {
        var created = new List<string>();
        for (var dir = folder; !Directory.Exists(dir); dir = Path.GetDirectoryName(dir)!)
        {
            created.Add(dir);
        }

        if (created.Count > 0)
        {
            Directory.CreateDirectory(folder);
        }

        return created;
    }

    private static bool IsDiskFull(IOException e) => (e.HResult & 0xFFFF) == 28; // ENOSPC

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            LogDeleteFailed(logger, path, e.Message);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Stored instance {SopInstanceUid} ({Bytes} bytes, version {Version})")]
    private static partial void LogStored(ILogger logger, string sopInstanceUid, long bytes, int version);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "C-STORE refused with status 0x{Status:X4}: {Reason}")]
    private static partial void LogRejected(ILogger logger, ushort status, string? reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Storing an instance failed ({ExceptionType}): {Message}")]
    private static partial void LogStoreFailed(ILogger logger, string exceptionType, string message);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Could not delete {Path}: {Message}")]
    private static partial void LogDeleteFailed(ILogger logger, string path, string message);
}
