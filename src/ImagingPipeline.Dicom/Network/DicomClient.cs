using System.Net.Sockets;

namespace ImagingPipeline.Dicom.Network;

/// <summary>The SCU: C-ECHO and C-STORE of Part 10 files, each over its own association.</summary>
public sealed partial class DicomClient(string host, int port)
{
    public string CalledAeTitle { get; init; } = "ANY-SCP";
    public string CallingAeTitle { get; init; } = "IMAGINGPIPE";
    public int MaxPduLength { get; init; } = 256 * 1024;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Sends C-ECHO-RQ (PS3.7 9.3.5) and returns the response status.</summary>
    public async Task<ushort> EchoAsync(CancellationToken ct = default)
    {
        await using var association = await OpenAsync([new PresentationContext(1, Uids.Verification, [Uids.ImplicitVRLittleEndian])], ct)
            .ConfigureAwait(false);
        if (!association.Accepted.ContainsKey(1))
        {
            throw new DicomNetworkException("the SCP rejected the Verification presentation context");
        }

        var rq = new CommandSet()
            .Set(CommandSet.AffectedSopClassUid, Uids.Verification)
            .Set(CommandSet.CommandField, 0x0030)
            .Set(CommandSet.MessageId, 1)
            .Set(CommandSet.CommandDataSetType, CommandSet.NoDataSet);
        await association.SendCommandAsync(1, rq, ct).ConfigureAwait(false);
        var rsp = await association.ReadCommandAsync(ct).ConfigureAwait(false);
        await association.ReleaseAsync(ct).ConfigureAwait(false);
        return rsp.GetUInt16(CommandSet.Status) ?? throw new DicomNetworkException("C-ECHO-RSP without a status");
    }

    /// <summary>Stores every file over one association and reports a status per file.</summary>
    public async Task<IReadOnlyList<DicomSendResult>> StoreAsync(IEnumerable<string> paths, CancellationToken ct = default)
    {
        var results = new List<DicomSendResult>();
        var files = new List<(string Path, Part10Header Header)>();
        foreach (var path in paths)
        {
            try
            {
                files.Add((path, Part10Header.Read(path)));
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                results.Add(new DicomSendResult(path, null, null, ex.Message));
            }
        }

        if (files.Count == 0)
        {
            return results;
        }

        // One context per (SOP class, transfer syntax) offered with the file's own syntax (PS3.8 9.3.2.2); at most 128.
        var contexts = new List<PresentationContext>();
        foreach (var key in files.Select(f => (f.Header.SopClassUid, f.Header.TransferSyntaxUid)).Distinct().Take(128))
        {
            contexts.Add(new PresentationContext((byte)(contexts.Count * 2 + 1), key.SopClassUid, [key.TransferSyntaxUid]));
        }

        await using var association = await OpenAsync(contexts, ct).ConfigureAwait(false);
        ushort messageId = 0;
        foreach (var (path, header) in files)
        {
            var context = association.Accepted.Values.FirstOrDefault(c =>
                c.AbstractSyntax == header.SopClassUid && c.AcceptedTransferSyntax == header.TransferSyntaxUid);
            if (context is null)
            {
                results.Add(new DicomSendResult(path, header.SopInstanceUid, null,
                    $"no accepted presentation context for {header.SopClassUid} in {header.TransferSyntaxUid}"));
                continue;
            }

            messageId++;
            var rq = new CommandSet()
                .Set(CommandSet.AffectedSopClassUid, header.SopClassUid)
                .Set(CommandSet.CommandField, 0x0001)
                .Set(CommandSet.MessageId, messageId)
                .Set(CommandSet.Priority, 0)
                .Set(CommandSet.CommandDataSetType, 0x0000)
                .Set(CommandSet.AffectedSopInstanceUid, header.SopInstanceUid);
            await association.SendCommandAsync(context.Id, rq, ct).ConfigureAwait(false);
            await association.SendFileAsync(context.Id, path, header.DatasetOffset, ct).ConfigureAwait(false);
            var rsp = await association.ReadCommandAsync(ct).ConfigureAwait(false);
            results.Add(new DicomSendResult(path, header.SopInstanceUid, rsp.GetUInt16(CommandSet.Status), rsp.GetString(CommandSet.ErrorComment)));
        }

        await association.ReleaseAsync(ct).ConfigureAwait(false);
        return results;
    }

    private async Task<ScuAssociation> OpenAsync(List<PresentationContext> contexts, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            var association = new ScuAssociation(socket, MaxPduLength);
            var rq = new AssociatePdu { CalledAeTitle = CalledAeTitle, CallingAeTitle = CallingAeTitle, MaxPduLength = (uint)MaxPduLength };
            rq.Contexts.AddRange(contexts);
            await association.AssociateAsync(rq, timeout.Token).ConfigureAwait(false);
            return association;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
