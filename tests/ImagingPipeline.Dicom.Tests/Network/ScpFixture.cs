using System.Collections.Concurrent;
using System.Net;
using ImagingPipeline.Dicom.Network;

namespace ImagingPipeline.Dicom.Tests.Network;

/// <summary>Starts a <see cref="DicomServer"/> on loopback port 0 that copies every received file into a folder.</summary>
internal sealed class ScpFixture : IDicomStoreHandler, IAsyncDisposable
{
    public ScpFixture(Action<DicomServerOptions>? configure = null, IStorageCommitmentHandler? commitment = null,
        IStorageCommitmentReportHandler? reports = null, IDicomServerObserver? observer = null)
    {
        Folder = Directory.CreateTempSubdirectory("scp-").FullName;
        Options = new DicomServerOptions
        {
            Port = 0,
            BindAddress = IPAddress.Loopback,
            TempDirectory = Path.Combine(Folder, "tmp"),
            ArtimTimeout = TimeSpan.FromSeconds(2),
            IdleTimeout = TimeSpan.FromSeconds(2),
        };
        configure?.Invoke(Options);
        Server = new DicomServer(Options, this, observer)
        {
            StorageCommitmentHandler = commitment,
            StorageCommitmentReportHandler = reports,
        };
    }

    public string Folder { get; }
    public DicomServerOptions Options { get; }
    public DicomServer Server { get; }
    public ConcurrentQueue<DicomStoreRequest> Received { get; } = new();
    public Func<DicomStoreRequest, DicomStoreResult>? Answer { get; set; }
    public int Port => Server.LocalEndPoint.Port;
    public int TlsPort => Server.TlsEndPoint.Port;

    public async Task<ScpFixture> StartAsync()
    {
        await Server.StartAsync();
        return this;
    }

    public ValueTask<DicomStoreResult> StoreAsync(DicomStoreRequest request, CancellationToken ct)
    {
        var result = Answer?.Invoke(request) ?? DicomStoreResult.Success;
        if (result.Status == 0)
        {
            File.Move(request.TempFilePath, Path.Combine(Folder, request.SopInstanceUid + ".dcm"), overwrite: true);
        }

        Received.Enqueue(request);
        return ValueTask.FromResult(result);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
