using System.Globalization;
using System.Runtime.InteropServices;
using ImagingPipeline.Dicom.Network;

namespace ImagingPipeline.Cli.Commands;

/// <summary>
/// `store-scp --port P --output DIR [--aet AE] [--tls-port P --tls-cert CERT --tls-key KEY [--tls-require-client-cert
/// --tls-ca PEM]]`: a plain storage SCP for operators and the ingest benchmark. Every received instance is renamed
/// from the temp file into DIR/{SOPInstanceUID}.dcm (no fsync: the worker's store adds that). Runs until SIGINT or
/// SIGTERM, then prints how many instances it stored.
/// </summary>
internal static class StoreScpCommand
{
    public static readonly CommandLine.Verb Verb = new("store-scp",
        "store-scp --port P --output DIR [--aet AE] [--tls-port P --tls-cert CERT --tls-key KEY [--tls-require-client-cert --tls-ca PEM]]",
        RunAsync);

    private static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var options = NetworkArguments.Parse(args, stderr);
        if (options is null || options.Output is null || options.Positional.Count != 0
            || !int.TryParse(options.Port, CultureInfo.InvariantCulture, out var port)
            || (options.TlsPort is not null && (options.TlsCert is null || !int.TryParse(options.TlsPort, CultureInfo.InvariantCulture, out _))))
        {
            await stderr.WriteLineAsync("usage: imagingpipeline " + Verb.Usage).ConfigureAwait(false);
            return 2;
        }

        var output = Directory.CreateDirectory(options.Output).FullName;
        var serverOptions = new DicomServerOptions { Port = port, TempDirectory = Path.Combine(output, ".incoming") };
        serverOptions.AeTitles.Clear();
        serverOptions.AeTitles.Add(options.Aet);
        if (options.TlsPort is { } tlsPort)
        {
            serverOptions.Tls = new DicomTlsServerOptions
            {
                Port = int.Parse(tlsPort, CultureInfo.InvariantCulture),
                CertificatePath = options.TlsCert,
                KeyPath = options.TlsKey,
                RequireClientCertificate = options.TlsRequireClientCert,
                TrustedClientCertificatesPath = options.TlsCa,
            };
        }

        var handler = new FolderStoreHandler(output);
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await using var server = new DicomServer(serverOptions, handler);
        await server.StartAsync().ConfigureAwait(false);
        var tlsText = options.TlsPort is null ? "" : $", TLS port {server.TlsEndPoint.Port}";
        await stdout.WriteLineAsync($"store-scp {options.Aet} listening on port {server.LocalEndPoint.Port}{tlsText}").ConfigureAwait(false);
        await stdout.FlushAsync().ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // SIGINT / SIGTERM
        }

        await server.StopAsync().ConfigureAwait(false);
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"store-scp stored {handler.Stored} instances, refused {handler.Refused}; {GC.GetTotalAllocatedBytes() / 1024} KiB allocated, {GC.CollectionCount(0)} collections")).ConfigureAwait(false);
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    /// <summary>Renames each received file to DIR/{SOPInstanceUID}.dcm; a UID that is not digits and dots (PS3.5 9.1) is refused.</summary>
    private sealed class FolderStoreHandler(string folder) : IDicomStoreHandler
    {
        private int _stored;
        private int _refused;

        public int Stored => Volatile.Read(ref _stored);
        public int Refused => Volatile.Read(ref _refused);

        public ValueTask<DicomStoreResult> StoreAsync(DicomStoreRequest request, CancellationToken ct)
        {
            var uid = request.SopInstanceUid;
            if (uid.Length is 0 or > 64 || uid.Any(c => c is not ('.' or (>= '0' and <= '9'))))
            {
                Interlocked.Increment(ref _refused);
                return ValueTask.FromResult(new DicomStoreResult(0xA900, "Affected SOP Instance UID is not a valid UID (PS3.5 9.1)"));
            }

            File.Move(request.TempFilePath, Path.Combine(folder, uid + ".dcm"), overwrite: true);
            Interlocked.Increment(ref _stored);
            return ValueTask.FromResult(DicomStoreResult.Success);
        }
    }
}
