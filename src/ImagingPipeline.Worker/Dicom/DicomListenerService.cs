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
    ILogger<DicomListenerService> logger) : IHostedService, IAsyncDisposable
{
    private DicomServer? _server;

    /// <summary>The bound endpoint (the port when Dicom:Port is 0).</summary>
    public IPEndPoint LocalEndPoint => _server?.LocalEndPoint ?? throw new InvalidOperationException("The DICOM listener is not running.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(store.IncomingDirectory);
        var serverOptions = new DicomServerOptions
        {
            Port = options.Value.Port,
            MaxAssociations = options.Value.MaxAssociations,
            // Same file system as the store, so placing a file is a rename.
            TempDirectory = store.IncomingDirectory,
        };
        serverOptions.AeTitles.Clear();
        serverOptions.AeTitles.Add(options.Value.AeTitle);
        _server = new DicomServer(serverOptions, handler, observer);
        await _server.StartAsync(cancellationToken);
        LogListening(logger, options.Value.AeTitle, _server.LocalEndPoint.Port);
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
}
