using System.Globalization;
using ImagingPipeline.Dicom;
using ImagingPipeline.Dicom.Network;

namespace ImagingPipeline.Cli.Commands;

/// <summary>`send PATH... --host H --port P [--called-ae AE]`: C-STORE of files and folders (recursive), status per file.</summary>
internal static class SendCommand
{
    public static readonly CommandLine.Verb Verb = new("send", "send PATH... --host H --port P [--called-ae AE] [--calling-ae AE] " + NetworkArguments.ClientTlsUsage, RunAsync);

    private static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var options = NetworkArguments.Parse(args, stderr);
        if (options is null || options.Positional.Count == 0 || options.Host is null
            || !int.TryParse(options.Port, CultureInfo.InvariantCulture, out var port))
        {
            await stderr.WriteLineAsync("usage: imagingpipeline " + Verb.Usage).ConfigureAwait(false);
            return 2;
        }

        var files = new List<string>();
        var skipped = 0;
        foreach (var path in options.Positional)
        {
            if (Directory.Exists(path))
            {
                // In a folder only Part 10 files are sent (like storescu --scan-directories); named files always are.
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    if (DicomFile.HasPart10Signature(file))
                    {
                        files.Add(file);
                    }
                    else
                    {
                        skipped++;
                    }
                }
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                await stderr.WriteLineAsync($"{path}: no such file or folder").ConfigureAwait(false);
                return 1;
            }
        }

        if (skipped > 0)
        {
            await stderr.WriteLineAsync($"skipped {skipped} file(s) without a DICOM Part 10 header").ConfigureAwait(false);
        }

        var client = new DicomClient(options.Host, port) { CalledAeTitle = options.CalledAe, CallingAeTitle = options.CallingAe, Tls = options.ClientTls() };
        IReadOnlyList<DicomSendResult> results;
        try
        {
            results = await client.StoreAsync(files).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DicomNetworkException or System.Net.Sockets.SocketException or IOException or OperationCanceledException
            or System.Security.Authentication.AuthenticationException or System.Security.Cryptography.CryptographicException)
        {
            await stderr.WriteLineAsync($"send failed: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        foreach (var r in results)
        {
            var status = r.Status is { } s ? $"0x{s:X4}" : "not sent";
            var converted = r.SentTransferSyntaxUid is { } sent && sent != r.FileTransferSyntaxUid ? $" (sent as {sent})" : "";
            await stdout.WriteLineAsync($"{status} {r.Path}{converted}{(r.Error is null ? "" : " — " + r.Error)}").ConfigureAwait(false);
        }

        var failed = results.Count(r => !r.Succeeded);
        await stdout.WriteLineAsync($"{results.Count - failed} sent, {failed} failed").ConfigureAwait(false);
        return failed == 0 ? 0 : 1;
    }
}
