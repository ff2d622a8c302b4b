using System.Net;
using ImagingPipeline.Dicom.Network;
using ImagingPipeline.Worker.Configuration;
using ImagingPipeline.Worker.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Dicom;

/// <summary>Runs the DICOM SCP (C-ECHO, C-STORE into the instance store) for the host's lifetime.</summary>
internal sealed partial class DicomListenerService(
    IOptions<DicomOptions> options, InstanceStore store, WorkerStoreHandler handler, WorkerServerObserver observer,
    WorkerStorageCommitmentHandler commitment, ILogger<DicomListenerService> logger) : IHostedService, IAsyncDisposable
{
    private DicomServer? _server;

    /// <summary>The bound endpoint (the port when Dicom:Port is 0).</summary>
    public IPEndPoint LocalEndPoint => _server?.LocalEndPoint ?? throw new InvalidOperationException("The DICOM listener is not running.");

    /// <summary>The bound TLS endpoint, when <c>Dicom:Tls:CertificatePath</c> is set.</summary>
    public IPEndPoint TlsEndPoint => _server?.TlsEndPoint ?? throw new InvalidOperationException("The DICOM listener is not running.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(store.IncomingDirectory);
        var o = options.Value;
        _server = new DicomServer(ServerOptions(o, store.IncomingDirectory, store.SyncsFiles), handler, observer) { StorageCommitmentHandler = commitment };
        await _server.StartAsync(cancellationToken);
        if (o.Tls.Enabled)
        {
            LogListeningTls(logger, o.AeTitle, _server.LocalEndPoint.Port, _server.TlsEndPoint.Port, o.Tls.RequireClientCertificate);
        }
        else
        {
            LogListening(logger, o.AeTitle, _server.LocalEndPoint.Port);
        }
    }

    /// <summary>The toolkit's server options from the worker's <c>Dicom</c> section (validated at start-up).</summary>
    internal static DicomServerOptions ServerOptions(DicomOptions o, string tempDirectory, bool syncsFiles = true)
    {
        var server = new DicomServerOptions
        {
            Port = o.Port,
            BindAddress = string.IsNullOrWhiteSpace(o.BindAddress) ? IPAddress.Any : IPAddress.Parse(o.BindAddress),
            MaxAssociations = o.MaxAssociations,
            MaxPduLength = o.MaxPduLength,
            ArtimTimeout = o.ArtimTimeout,
            IdleTimeout = o.IdleTimeout,
            AcceptCompressedSyntaxes = o.AcceptCompressedSyntaxes,
            StorageCommitmentReportAttempts = o.StorageCommitment.ReportAttempts,
            StorageCommitmentRetryDelay = o.StorageCommitment.RetryDelay,
            // Same file system as the store, so placing a file is a rename.
            TempDirectory = tempDirectory,
            // The store records each file's SHA-256; hashed on arrival, the file is not read back.
            HashReceivedFiles = true,
            // The store fsyncs each file before it answers: the disk starts writing it while the rest arrives.
            WriteBackReceivedFiles = syncsFiles,
            SyncReceivedFiles = syncsFiles,
        };
        server.AeTitles.Clear();
        foreach (var ae in o.AdditionalAeTitles.Prepend(o.AeTitle))
        {
            server.AeTitles.Add(ae.Trim());
        }

        foreach (var ae in o.CallingAeAllowList)
        {
            server.CallingAeAllowList.Add(ae.Trim());
        }

        foreach (var address in o.SourceAddressAllowList)
        {
            server.SourceAddressAllowList.Add(IPAddress.Parse(address));
        }

        if (o.TransferSyntaxPreference.Count > 0)
        {
            server.TransferSyntaxPreference.Clear();
            foreach (var uid in o.TransferSyntaxPreference)
            {
                server.TransferSyntaxPreference.Add(uid);
            }
        }

        foreach (var (ae, address) in o.StorageCommitment.Peers)
        {
            server.StorageCommitmentPeers[ae.Trim()] = WorkerOptionsValidator.ParseHostPort(address)!;
        }

        if (o.Tls.Enabled)
        {
            server.Tls = new DicomTlsServerOptions
            {
                Port = o.Tls.Port,
                CertificatePath = o.Tls.CertificatePath,
                KeyPath = o.Tls.KeyPath,
                CertificatePassword = o.Tls.CertificatePassword,
                RequireClientCertificate = o.Tls.RequireClientCertificate,
                TrustedClientCertificatesPath = o.Tls.TrustedClientCertificatesPath,
            };
        }

        return server;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information, Message = "DICOM listener {AeTitle} on port {Port}")]
    private static partial void LogListening(ILogger logger, string aeTitle, int port);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Information,
        Message = "DICOM listener {AeTitle} on port {Port}, DICOM TLS on port {TlsPort} (client certificate required: {RequireClientCertificate})")]
    private static partial void LogListeningTls(ILogger logger, string aeTitle, int port, int tlsPort, bool requireClientCertificate);
}
