namespace ImagingPipeline.Dicom.Network;

/// <summary>DIMSE on the SCP: C-ECHO (PS3.7 9.3.5) and C-STORE (PS3.7 9.3.1) with the data set streamed to disk.</summary>
internal sealed partial class ScpAssociation
{
    private PendingStore? _store;

    private sealed class PendingStore(byte contextId, ushort messageId, string sopClass, string sopInstance,
        string transferSyntax, string path, FileStream file, string? moveAe, ushort? moveId)
    {
        public byte ContextId { get; } = contextId;
        public ushort MessageId { get; } = messageId;
        public string SopClass { get; } = sopClass;
        public string SopInstance { get; } = sopInstance;
        public string TransferSyntax { get; } = transferSyntax;
        public string Path { get; } = path;
        public FileStream File { get; } = file;
        public string? MoveAe { get; } = moveAe;
        public ushort? MoveId { get; } = moveId;
        public long Length { get; set; }
        public bool WriteFailed { get; set; }
    }

    private async ValueTask OnCommandAsync(byte contextId, CommandSet command, CancellationToken ct)
    {
        var field = command.GetUInt16(CommandSet.CommandField) ?? 0;
        var messageId = command.GetUInt16(CommandSet.MessageId) ?? 0;
        var hasDataSet = (command.GetUInt16(CommandSet.CommandDataSetType) ?? CommandSet.NoDataSet) != CommandSet.NoDataSet;
        var sopClass = command.GetString(CommandSet.AffectedSopClassUid) ?? _accepted[contextId].AbstractSyntax;
        switch (field)
        {
            case 0x0030:
                await RespondAsync(contextId, 0x8030, messageId, sopClass, null, new DicomStoreResult(0), ct).ConfigureAwait(false);
                break;
            case 0x0001 when hasDataSet:
                var instance = command.GetString(CommandSet.AffectedSopInstanceUid) ?? "";
                var ts = _accepted[contextId].AcceptedTransferSyntax!;
                var path = Path.Combine(_options.TempDirectory, $"{Guid.NewGuid():N}.part");
                var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.None);
                var meta = FileMetaWriter.Build(sopClass, instance, ts, _info!.CallingAeTitle);
                file.Write(meta);
                _store = new PendingStore(contextId, messageId, sopClass, instance, ts, path, file,
                    command.GetString(CommandSet.MoveOriginatorAeTitle), command.GetUInt16(CommandSet.MoveOriginatorMessageId));
                break;
            default:
                // PS3.7 C.4.2: unrecognized operation (or a C-STORE without a data set: cannot understand).
                var status = field == 0x0001 ? new DicomStoreResult(0xC000, "C-STORE-RQ without a data set") : new DicomStoreResult(0x0211);
                await RespondAsync(contextId, (ushort)(field | 0x8000), messageId, sopClass, null, status, ct).ConfigureAwait(false);
                break;
        }
    }

    private async ValueTask OnDataSetFragmentAsync(Memory<byte> fragment, bool isLast, CancellationToken ct)
    {
        var store = _store!;
        store.Length += fragment.Length;
        if (!store.WriteFailed)
        {
            try
            {
                store.File.Write(fragment.Span);
            }
            catch (IOException)
            {
                store.WriteFailed = true;
            }
        }

        if (!isLast)
        {
            return;
        }

        DicomStoreResult result;
        try
        {
            store.File.Flush();
        }
        catch (IOException)
        {
            store.WriteFailed = true;
        }

        await store.File.DisposeAsync().ConfigureAwait(false);
        _store = null;
        try
        {
            if (store.WriteFailed)
            {
                result = new DicomStoreResult(0xA700, "could not write the data set to the temp folder");
            }
            else
            {
                var request = new DicomStoreRequest(_info!, store.MessageId, store.SopClass, store.SopInstance,
                    store.TransferSyntax, store.Path, store.Length, store.MoveAe, store.MoveId);
                try
                {
                    result = await _handler.StoreAsync(request, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    result = new DicomStoreResult(0xA700, ex.Message);
                }

                _observer?.InstanceReceived(request, result);
            }
        }
        finally
        {
            TryDelete(store.Path);
        }

        await RespondAsync(store.ContextId, 0x8001, store.MessageId, store.SopClass, store.SopInstance, result, ct).ConfigureAwait(false);
    }

    private async ValueTask RespondAsync(byte contextId, ushort field, ushort messageId, string sopClass, string? sopInstance,
        DicomStoreResult result, CancellationToken ct)
    {
        var rsp = new CommandSet()
            .Set(CommandSet.AffectedSopClassUid, sopClass)
            .Set(CommandSet.CommandField, field)
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

        var bytes = rsp.Encode();
        var offset = 0;
        do
        {
            var chunk = Math.Min(_peerMaxPdv, bytes.Length - offset);
            await _connection.WritePdvAsync(contextId, true, offset + chunk == bytes.Length, bytes.AsMemory(offset, chunk), ct).ConfigureAwait(false);
            offset += chunk;
        }
        while (offset < bytes.Length);
    }

    private void DeletePendingFile()
    {
        if (_store is { } store)
        {
            store.File.Dispose();
            TryDelete(store.Path);
            _store = null;
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
