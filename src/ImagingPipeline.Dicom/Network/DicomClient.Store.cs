namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// C-STORE of Part 10 files (PS3.7 9.3.1). Each file is proposed in its own transfer syntax and, in a second
/// context of its SOP class, in explicit and implicit VR little endian (PS3.8 9.3.2.2: one abstract syntax and a
/// list of transfer syntaxes per context). A file whose own syntax the SCP refused is re-encoded on the fly into
/// the syntax accepted in that second context when it is uncompressed (explicit BE, deflated, either LE);
/// a compressed file the SCP will not take fails on its own. More than 128 contexts are spread over several
/// associations.
/// </summary>
public sealed partial class DicomClient
{
    private const int MaxContexts = 128;
    private static readonly string[] Fallback = [Uids.ExplicitVRLittleEndian, Uids.ImplicitVRLittleEndian];

    /// <summary>Priority (0000,0700) of each C-STORE-RQ: 0 medium, 1 high, 2 low.</summary>
    public ushort Priority { get; init; }

    /// <summary>Move Originator AE Title (0000,1030) and Message ID (0000,1031), when this store serves a C-MOVE.</summary>
    public string? MoveOriginatorAeTitle { get; init; }
    public ushort? MoveOriginatorMessageId { get; init; }

    /// <summary>Stores every file and reports a status per file (files that cannot be read first, as found).</summary>
    public async Task<IReadOnlyList<DicomSendResult>> StoreAsync(IEnumerable<string> paths, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var results = new List<DicomSendResult>();
        var batch = new List<(string Path, Part10Header Header)>();
        var keys = new HashSet<(string SopClass, string Syntax)>();
        foreach (var path in paths)
        {
            Part10Header header;
            try
            {
                header = Part10Header.Read(path);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                results.Add(new DicomSendResult(path, null, null, ex.Message));
                continue;
            }

            var needed = ContextKeys(header).Where(k => !keys.Contains(k)).ToList();
            if (keys.Count + needed.Count > MaxContexts)
            {
                results.AddRange(await StoreBatchAsync(batch, keys, ct).ConfigureAwait(false));
                batch.Clear();
                keys.Clear();
                needed = ContextKeys(header).ToList();
            }

            keys.UnionWith(needed);
            batch.Add((path, header));
        }

        if (batch.Count > 0)
        {
            results.AddRange(await StoreBatchAsync(batch, keys, ct).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>The file's own syntax, and the little-endian fallback context of its SOP class (syntax "" marks it).</summary>
    private static IEnumerable<(string, string)> ContextKeys(Part10Header header)
    {
        yield return (header.SopClassUid, header.TransferSyntaxUid);
        yield return (header.SopClassUid, "");
    }

    private async Task<List<DicomSendResult>> StoreBatchAsync(List<(string Path, Part10Header Header)> files,
        HashSet<(string SopClass, string Syntax)> keys, CancellationToken ct)
    {
        var contexts = new List<PresentationContext>();
        foreach (var (sopClass, syntax) in keys.OrderBy(k => k.SopClass, StringComparer.Ordinal).ThenBy(k => k.Syntax, StringComparer.Ordinal))
        {
            contexts.Add(new PresentationContext((byte)(contexts.Count * 2 + 1), sopClass, syntax.Length == 0 ? Fallback : [syntax]));
        }

        var results = new List<DicomSendResult>();
        await using var association = await OpenAsync(contexts, [], ct).ConfigureAwait(false);
        ushort messageId = 0;
        foreach (var (path, header) in files)
        {
            var accepted = association.Accepted.Values.Where(c => c.AbstractSyntax == header.SopClassUid).ToList();
            var own = accepted.FirstOrDefault(c => c.AcceptedTransferSyntax == header.TransferSyntaxUid);
            var convertible = DicomTransferSyntax.Lookup(header.TransferSyntaxUid) is { IsKnown: true, IsEncapsulated: false };
            var target = own ?? (convertible
                ? accepted.FirstOrDefault(c => c.AcceptedTransferSyntax == Uids.ExplicitVRLittleEndian)
                    ?? accepted.FirstOrDefault(c => c.AcceptedTransferSyntax == Uids.ImplicitVRLittleEndian)
                : null);
            if (target is null)
            {
                results.Add(new DicomSendResult(path, header.SopInstanceUid, null, accepted.Count == 0
                    ? $"the SCP accepted no presentation context for SOP class {header.SopClassUid}"
                    : $"the SCP does not accept {header.TransferSyntaxUid} for {header.SopClassUid} and the file cannot be converted (compressed)"));
                continue;
            }

            messageId++;
            var rq = StoreRequest(messageId, header);
            if (own is not null)
            {
                await association.SendFileAsync(target.Id, rq, path, header.DatasetOffset, ct).ConfigureAwait(false);
            }
            else
            {
                byte[] converted;
                try
                {
                    converted = Convert(path, target.AcceptedTransferSyntax!);
                }
                catch (Exception ex) when (ex is DicomException or IOException)
                {
                    messageId--;
                    results.Add(new DicomSendResult(path, header.SopInstanceUid, null, $"could not convert to {target.AcceptedTransferSyntax}: {ex.Message}"));
                    continue;
                }

                await association.SendAsync(target.Id, rq, converted, ct).ConfigureAwait(false);
            }

            var rsp = await ReadResponseAsync(association, DimseCommand.CStoreResponse, messageId, ct).ConfigureAwait(false);
            results.Add(new DicomSendResult(path, header.SopInstanceUid, rsp.GetUInt16(CommandSet.Status), rsp.GetString(CommandSet.ErrorComment))
            {
                SentTransferSyntaxUid = target.AcceptedTransferSyntax,
                FileTransferSyntaxUid = header.TransferSyntaxUid,
            });
        }

        await association.ReleaseAsync(ct).ConfigureAwait(false);
        return results;
    }

    private CommandSet StoreRequest(ushort messageId, Part10Header header)
    {
        var rq = new CommandSet()
            .Set(CommandSet.AffectedSopClassUid, header.SopClassUid)
            .Set(CommandSet.CommandField, (ushort)DimseCommand.CStoreRequest)
            .Set(CommandSet.MessageId, messageId)
            .Set(CommandSet.Priority, Priority)
            .Set(CommandSet.CommandDataSetType, CommandSet.DataSetPresent)
            .Set(CommandSet.AffectedSopInstanceUid, header.SopInstanceUid);
        if (MoveOriginatorAeTitle is { } moveAe)
        {
            rq.Set(CommandSet.MoveOriginatorAeTitle, moveAe);
        }

        if (MoveOriginatorMessageId is { } moveId)
        {
            rq.Set(CommandSet.MoveOriginatorMessageId, moveId);
        }

        return rq;
    }

    /// <summary>Reads the file and writes its data set in <paramref name="syntax"/> (PS3.5 A.1/A.2); the content is unchanged.</summary>
    private static byte[] Convert(string path, string syntax)
    {
        var file = DicomFile.Open(path);
        return DicomDatasetWriter.Write(file.Dataset, DicomTransferSyntax.Lookup(syntax));
    }
}
