using System.Net.Security;
using System.Net.Sockets;

namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// The SCU: C-ECHO, C-STORE of Part 10 files (DicomClient.Store.cs) and storage commitment
/// (DicomClient.Commitment.cs), each call over its own association.
/// </summary>
public sealed partial class DicomClient(string host, int port)
{
    public string CalledAeTitle { get; init; } = "ANY-SCP";
    public string CallingAeTitle { get; init; } = "IMAGINGPIPE";
    public int MaxPduLength { get; init; } = 256 * 1024;

    /// <summary>Association request timeout: TCP connect, TLS handshake and the A-ASSOCIATE answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>DIMSE timeout: each wait for a response, and for A-RELEASE-RP.</summary>
    public TimeSpan DimseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>DICOM TLS (PS3.15 B.9) when set.</summary>
    public DicomTlsClientOptions? Tls { get; init; }

    /// <summary>User Identity negotiation sub-item sent with the A-ASSOCIATE-RQ (PS3.7 D.3.3.7).</summary>
    public DicomUserIdentity? UserIdentity { get; init; }

    /// <summary>Sends C-ECHO-RQ (PS3.7 9.3.5) and returns the response status.</summary>
    public async Task<ushort> EchoAsync(CancellationToken ct = default)
    {
        await using var association = await OpenAsync([new PresentationContext(1, Uids.Verification, [Uids.ImplicitVRLittleEndian])], [], ct)
            .ConfigureAwait(false);
        if (!association.Accepted.ContainsKey(1))
        {
            throw new DicomNetworkException("the SCP rejected the Verification presentation context");
        }

        var rq = new CommandSet()
            .Set(CommandSet.AffectedSopClassUid, Uids.Verification)
            .Set(CommandSet.CommandField, (ushort)DimseCommand.CEchoRequest)
            .Set(CommandSet.MessageId, 1)
            .Set(CommandSet.CommandDataSetType, CommandSet.NoDataSet);
        await association.SendAsync(1, rq, null, ct).ConfigureAwait(false);
        var rsp = await ReadResponseAsync(association, DimseCommand.CEchoResponse, 1, ct).ConfigureAwait(false);
        await association.ReleaseAsync(ct).ConfigureAwait(false);
        return rsp.GetUInt16(CommandSet.Status) ?? throw new DicomNetworkException("C-ECHO-RSP without a status");
    }

    /// <summary>Reads the response to message <paramref name="messageId"/>; anything else is a protocol error.</summary>
    private static async Task<CommandSet> ReadResponseAsync(ScuAssociation association, DimseCommand expected, ushort messageId,
        CancellationToken ct)
    {
        var message = await association.ReadMessageAsync(ct).ConfigureAwait(false);
        var command = message.Command;
        if (command.Command != expected || command.GetUInt16(CommandSet.MessageIdBeingRespondedTo) != messageId)
        {
            await association.AbortAsync(0).ConfigureAwait(false);
            throw new DicomNetworkException($"expected {expected} to message {messageId}, got {command.Command}");
        }

        return command;
    }

    private async Task<ScuAssociation> OpenAsync(List<PresentationContext> contexts, List<RoleSelection> roles, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (Tls is { } tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(DicomTls.ClientOptions(tls, host), timeout.Token).ConfigureAwait(false);
            }

            var association = new ScuAssociation(socket, stream, MaxPduLength, DimseTimeout);
            var rq = new AssociatePdu
            {
                CalledAeTitle = CalledAeTitle,
                CallingAeTitle = CallingAeTitle,
                MaxPduLength = (uint)MaxPduLength,
                UserIdentity = UserIdentity,
            };
            rq.Contexts.AddRange(contexts);
            rq.Roles.AddRange(roles);
            try
            {
                await association.AssociateAsync(rq, timeout.Token).ConfigureAwait(false);
            }
            catch
            {
                await association.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            return association;
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            socket.Dispose();
            throw;
        }
    }
}
