using System.Net;
using System.Net.Sockets;
using ImagingPipeline.Dicom;
using ImagingPipeline.Dicom.Network;

namespace ImagingPipeline.Fuzz;

/// <summary>
/// The upper layer as an SCP sees it: the input is everything a peer sends on one connection. A loopback
/// connection carries it into the real acceptor state machine (<see cref="ScpAssociation"/>: PDU framing,
/// A-ASSOCIATE negotiation, P-DATA reassembly, DIMSE, C-STORE to a temp file, storage commitment, release,
/// abort) while the peer side sends the input, closes its sending half and reads whatever comes back.
/// The association handles protocol errors itself (A-ABORT); anything escaping <see cref="ScpAssociation.RunAsync"/>
/// is a bug, and so is any exception other than the toolkit's own from parsing a received data set.
/// </summary>
internal static class PduTarget
{
    /// <summary>Short ARTIM and idle timers keep an input that stalls the state machine under afl-fuzz's 5 s limit.</summary>
    private static readonly TimeSpan Timer = TimeSpan.FromSeconds(1);

    private static readonly TcpListener Listener = StartListener();

    private static readonly List<Task> Background = [];

    private static readonly ScpServices Services = CreateServices();

    private static Exception? _handlerFailure;

    private static int _dataSetsStored;

    /// <summary>Data sets the state machine handed to the store handler so far (tests check the seeds get that far).</summary>
    public static int DataSetsStored => Volatile.Read(ref _dataSetsStored);

    public static void Run(byte[] input) => RunAsync(input).GetAwaiter().GetResult();

    private static async Task RunAsync(byte[] input)
    {
        _handlerFailure = null;
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        // No TIME_WAIT left behind per input: thousands of connections a minute would exhaust the ephemeral ports.
        peer.LingerState = new LingerOption(true, 0);
        var accept = Listener.AcceptSocketAsync();
        await peer.ConnectAsync((IPEndPoint)Listener.LocalEndpoint).ConfigureAwait(false);
        var socket = await accept.ConfigureAwait(false);
        socket.NoDelay = true;
        var association = new ScpAssociation(socket, Services, CancellationToken.None);
        var talk = TalkAsync(peer, input);
        // As DicomServer does: the connection closes when the association is disposed, which ends the peer's reading.
        await using (association.ConfigureAwait(false))
        {
            await association.RunAsync(overLimit: false, tls: null).ConfigureAwait(false);
        }

        await talk.ConfigureAwait(false);

        Task[] background;
        lock (Background)
        {
            background = [.. Background];
            Background.Clear();
        }

        await Task.WhenAll(background).ConfigureAwait(false);
        if (_handlerFailure is { } failure)
        {
            throw new InvalidOperationException("the store handler failed on a received data set", failure);
        }
    }

    /// <summary>The peer: sends the input, half-closes, and reads until the association closes the connection.</summary>
    private static async Task TalkAsync(Socket peer, byte[] input)
    {
        try
        {
            await peer.SendAsync(input, SocketFlags.None).ConfigureAwait(false);
            peer.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The association gave up on the input (aborted) before reading all of it.
        }

        var scratch = new byte[16 * 1024];
        try
        {
            while (await peer.ReceiveAsync(scratch, SocketFlags.None).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // Reset by the association: it is over.
        }
    }

    private static TcpListener StartListener()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(16);
        return listener;
    }

    private static ScpServices CreateServices()
    {
        var options = new DicomServerOptions
        {
            Port = 0,
            BindAddress = IPAddress.Loopback,
            ArtimTimeout = Timer,
            IdleTimeout = Timer,
            TempDirectory = ProcessTempFolder.Create("imagingpipeline-fuzz-pdu-"),
            MaxInMemoryDataSetLength = 64 * 1024,
            UserIdentityValidator = identity => identity.PrimaryField.Length > 0,
            StorageCommitmentReportAttempts = 1,
            StorageCommitmentRetryDelay = TimeSpan.Zero,
        };
        return new ScpServices(options, new ParsingStoreHandler(), Observer: null, new CommitEverything(), ReportHandler: null,
            RunInBackground, CancellationToken.None);
    }

    private static void RunInBackground(Func<Task> work)
    {
        lock (Background)
        {
            Background.Add(Task.Run(work));
        }
    }

    /// <summary>Parses each received data set as the worker would; a failure other than the toolkit's own is kept for the run to report.</summary>
    private sealed class ParsingStoreHandler : IDicomStoreHandler
    {
        public ValueTask<DicomStoreResult> StoreAsync(DicomStoreRequest request, CancellationToken ct)
        {
            Interlocked.Increment(ref _dataSetsStored);
            try
            {
                Part10Target.Touch(DicomFile.Open(request.TempFilePath));
                return ValueTask.FromResult(DicomStoreResult.Success);
            }
            catch (DicomException ex)
            {
                return ValueTask.FromResult(new DicomStoreResult(DicomStoreResult.CannotUnderstand.Status, ex.Message));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _handlerFailure = ex;
                throw;
            }
        }
    }

    private sealed class CommitEverything : IStorageCommitmentHandler
    {
        public ValueTask<StorageCommitmentReport> CommitAsync(StorageCommitmentRequest request, CancellationToken ct) =>
            ValueTask.FromResult(StorageCommitmentReport.FromDecisions(request, _ => null));
    }
}
