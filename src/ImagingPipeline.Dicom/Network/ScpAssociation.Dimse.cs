using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;

namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// DIMSE on the SCP: C-ECHO (PS3.7 9.3.5), C-STORE (PS3.7 9.3.1) with the data set streamed PDV by PDV into a
/// temp file, and the commands of storage commitment (ScpAssociation.Commitment.cs).
/// </summary>
internal sealed partial class ScpAssociation
{
    private PendingMessage? _pending;

    /// <summary>A command whose data set is still arriving: into a temp file (C-STORE) or memory (N-ACTION, N-EVENT-REPORT).</summary>
    private sealed class PendingMessage(byte contextId, CommandSet command)
    {
        public byte ContextId { get; } = contextId;
        public CommandSet Command { get; } = command;
        public string? Path { get; init; }
        public SafeFileHandle? File { get; set; }
        public long FileOffset { get; set; }

        /// <summary>Where the next write-back start begins (<see cref="DicomServerOptions.WriteBackReceivedFiles"/>).</summary>
        public long WrittenBackTo { get; set; }
        public MemoryStream? Memory { get; init; }
        public System.Security.Cryptography.IncrementalHash? Hash { get; set; }
        public long Length { get; set; }
        public bool Failed { get; set; }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask OnCommandAsync(byte contextId, CommandSet command, CancellationToken ct)
    {
        var messageId = command.GetUInt16(CommandSet.MessageId) ?? 0;
        var sopClass = command.GetString(CommandSet.AffectedSopClassUid) ?? _accepted[contextId].AbstractSyntax;
        switch (command.Command)
        {
            case DimseCommand.CEchoRequest:
                await RespondAsync(contextId, DimseCommand.CEchoResponse, messageId, sopClass, null, new DicomStoreResult(0), ct)
                    .ConfigureAwait(false);
                break;
            case DimseCommand.CStoreRequest when command.HasDataSet:
                _pending = OpenTempFile(contextId, command, sopClass);
                break;
            case DimseCommand.NActionRequest or DimseCommand.NEventReportRequest when command.HasDataSet:
                _pending = new PendingMessage(contextId, command) { Memory = new MemoryStream() };
                break;
            case DimseCommand.NEventReportResponse:
                OnEventReportResponse(command);
                break;
            default:
                if (command.HasDataSet)
                {
                    // Read the data set to its end, then answer (a response before it would break PS3.7 9.1).
                    _pending = new PendingMessage(contextId, command);
                    break;
                }

                await RespondUnsupportedAsync(contextId, command, ct).ConfigureAwait(false);
                break;
        }
    }

    private PendingMessage OpenTempFile(byte contextId, CommandSet command, string sopClass)
    {
        var instance = command.GetString(CommandSet.AffectedSopInstanceUid) ?? "";
        var ts = _accepted[contextId].AcceptedTransferSyntax!;
        var path = Path.Combine(Options.TempDirectory, $"{Guid.NewGuid():N}.part");
        var pending = new PendingMessage(contextId, command) { Path = path };
        try
        {
            pending.File = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read); // not None: .NET takes a flock for that
            var meta = FileMetaWriter.Build(sopClass, instance, ts, _info!.CallingAeTitle);
            RandomAccess.Write(pending.File, meta, 0);
            pending.FileOffset = meta.Length;
            if (Options.HashReceivedFiles)
            {
                pending.Hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
                pending.Hash.AppendData(meta);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Keep reading the data set; the response will be "out of resources" (PS3.4 B.2.3, 0xA7xx).
            pending.Failed = true;
        }

        return pending;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask OnDataSetFragmentAsync(Memory<byte> fragment, bool isLast, CancellationToken ct)
    {
        var pending = _pending!;
        pending.Length += fragment.Length;
        if (pending.File is { } file && !pending.Failed)
        {
            try
            {
                RandomAccess.Write(file, fragment.Span, pending.FileOffset);
                pending.FileOffset += fragment.Length;
                pending.Hash?.AppendData(fragment.Span);
                if (Options.WriteBackReceivedFiles && (isLast || pending.FileOffset - pending.WrittenBackTo >= Options.WriteBackChunk))
                {
                    FileWriteBack.Start(file, pending.WrittenBackTo, pending.FileOffset - pending.WrittenBackTo);
                    pending.WrittenBackTo = pending.FileOffset;
                }
            }
            catch (IOException)
            {
                pending.Failed = true;
            }
        }
        else if (pending.Memory is { } memory)
        {
            if (pending.Length > Options.MaxInMemoryDataSetLength)
            {
                throw DicomNetworkException.Protocol($"{pending.Command.Command} data set longer than {Options.MaxInMemoryDataSetLength} bytes", 6);
            }

            memory.Write(fragment.Span);
        }

        if (!isLast)
        {
            return;
        }

        _pending = null;
        switch (pending.Command.Command)
        {
            case DimseCommand.CStoreRequest:
                await CompleteStoreAsync(pending, ct).ConfigureAwait(false);
                break;
            case DimseCommand.NActionRequest:
                await OnActionAsync(pending.ContextId, pending.Command, pending.Memory!, ct).ConfigureAwait(false);
                break;
            case DimseCommand.NEventReportRequest:
                await OnEventReportAsync(pending.ContextId, pending.Command, pending.Memory!, ct).ConfigureAwait(false);
                break;
            default:
                await RespondUnsupportedAsync(pending.ContextId, pending.Command, ct).ConfigureAwait(false);
                break;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask CompleteStoreAsync(PendingMessage pending, CancellationToken ct)
    {
        var command = pending.Command;
        var messageId = command.GetUInt16(CommandSet.MessageId) ?? 0;
        var sopClass = command.GetString(CommandSet.AffectedSopClassUid) ?? _accepted[pending.ContextId].AbstractSyntax;
        var sopInstance = command.GetString(CommandSet.AffectedSopInstanceUid) ?? "";
        var synced = false;
        if (Options.SyncReceivedFiles && pending.File is { } file && !pending.Failed)
        {
            try
            {
                RandomAccess.FlushToDisk(file);
                synced = true;
            }
            catch (IOException)
            {
                pending.Failed = true;
            }
        }

        pending.File?.Dispose();
        pending.File = null;
        var sha256 = pending.Hash is { } hash && !pending.Failed ? Convert.ToHexStringLower(hash.GetHashAndReset()) : null;
        pending.Hash?.Dispose();
        pending.Hash = null;
        DicomStoreResult result;
        try
        {
            var request = new DicomStoreRequest(_info!, messageId, sopClass, sopInstance,
                _accepted[pending.ContextId].AcceptedTransferSyntax!, pending.Path!, pending.Length,
                command.GetString(CommandSet.MoveOriginatorAeTitle), command.GetUInt16(CommandSet.MoveOriginatorMessageId),
                command.GetUInt16(CommandSet.Priority) ?? 0)
            {
                FileSha256 = sha256,
                FileSynced = synced,
            };
            if (pending.Failed)
            {
                result = new DicomStoreResult(0xA700, "could not write the data set to the temp folder");
            }
            else
            {
                try
                {
                    var store = _services.StoreHandler.StoreAsync(request, ct);
                    // The association's own thread waits for the store (the pool does its work) and goes on reading
                    // synchronously; awaiting would move the rest of the association onto the pool.
                    result = store.IsCompleted || !_connection.OnBlockingThread
                        ? await store.ConfigureAwait(false)
                        : store.AsTask().GetAwaiter().GetResult();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    result = new DicomStoreResult(0xA700, ex.Message);
                }
            }

            _services.Observer?.InstanceReceived(request, result);
        }
        finally
        {
            TryDelete(pending.Path!);
        }

        await RespondAsync(pending.ContextId, DimseCommand.CStoreResponse, messageId, sopClass, sopInstance, result, ct).ConfigureAwait(false);
    }

    /// <summary>PS3.7 C.4.2 0x0211 "unrecognized operation" for any request we do not perform; responses we did not ask for are ignored.</summary>
    private async ValueTask RespondUnsupportedAsync(byte contextId, CommandSet command, CancellationToken ct)
    {
        var field = (ushort)command.Command;
        if ((field & 0x8000) != 0)
        {
            return;
        }

        var status = command.Command == DimseCommand.CStoreRequest
            ? new DicomStoreResult(0xC000, "C-STORE-RQ without a data set")
            : new DicomStoreResult(0x0211);
        await RespondAsync(contextId, (DimseCommand)(field | 0x8000), command.GetUInt16(CommandSet.MessageId) ?? 0,
            command.GetString(CommandSet.AffectedSopClassUid) ?? _accepted[contextId].AbstractSyntax, null, status, ct).ConfigureAwait(false);
    }

    /// <summary>Sends a response command (no data set) with the status and an Error Comment cut to LO's 64 characters.</summary>
    private ValueTask RespondAsync(byte contextId, DimseCommand field, ushort messageId, string sopClass, string? sopInstance,
        DicomStoreResult result, CancellationToken ct, Action<CommandSet>? extra = null)
    {
        var rsp = new CommandSet()
            .Set(CommandSet.AffectedSopClassUid, sopClass)
            .Set(CommandSet.CommandField, (ushort)field)
            .Set(CommandSet.MessageIdBeingRespondedTo, messageId)
            .Set(CommandSet.CommandDataSetType, CommandSet.NoDataSet)
            .Set(CommandSet.Status, result.Status);
        if (sopInstance is not null)
        {
            rsp.Set(CommandSet.AffectedSopInstanceUid, sopInstance);
        }

        if (result.ErrorComment is { Length: > 0 } comment && result.Status != 0)
        {
            rsp.Set(CommandSet.ErrorComment, comment);
        }

        extra?.Invoke(rsp);
        return SendMessageAsync(contextId, rsp, null, ct);
    }

    /// <summary>Sends one DIMSE message (command, optional data set) under the write lock, fragmented to the peer's maximum.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendMessageAsync(byte contextId, CommandSet command, byte[]? dataset, CancellationToken ct)
    {
        using (await _connection.LockWritesAsync(ct).ConfigureAwait(false))
        {
            Volatile.Write(ref _writeSince, Environment.TickCount64);
            try
            {
                await _connection.WritePDataAsync(contextId, true, true, command.Encode(), _peerMaxPdv, ct).ConfigureAwait(false);
                if (dataset is not null)
                {
                    await _connection.WritePDataAsync(contextId, false, true, dataset, _peerMaxPdv, ct).ConfigureAwait(false);
                }
            }
            finally
            {
                Volatile.Write(ref _writeSince, 0);
            }
        }
    }

    private void DeletePending()
    {
        if (_pending is { } pending)
        {
            pending.File?.Dispose();
            pending.Hash?.Dispose();
            if (pending.Path is { } path)
            {
                TryDelete(path);
            }

            _pending = null;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover .part file in the temp folder is harmless and recognisable.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
