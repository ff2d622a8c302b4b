using System.Globalization;
using ImagingPipeline.Dicom.Network;

namespace ImagingPipeline.Cli.Commands;

/// <summary>`echo HOST PORT [--called-ae AE] [--calling-ae AE]`: C-ECHO, exit 0 on status 0x0000.</summary>
internal static class EchoCommand
{
    public static readonly CommandLine.Verb Verb = new("echo", "echo HOST PORT [--called-ae AE] [--calling-ae AE] " + NetworkArguments.ClientTlsUsage, RunAsync);

    private static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var options = NetworkArguments.Parse(args, stderr);
        if (options is null || options.Positional.Count != 2 || !int.TryParse(options.Positional[1], CultureInfo.InvariantCulture, out var port))
        {
            await stderr.WriteLineAsync("usage: imagingpipeline " + Verb.Usage).ConfigureAwait(false);
            return 2;
        }

        var client = new DicomClient(options.Positional[0], port) { CalledAeTitle = options.CalledAe, CallingAeTitle = options.CallingAe, Tls = options.ClientTls() };
        try
        {
            var status = await client.EchoAsync().ConfigureAwait(false);
            await stdout.WriteLineAsync($"C-ECHO {options.Positional[0]}:{port} status 0x{status:X4}").ConfigureAwait(false);
            return status == 0 ? 0 : 1;
        }
        catch (Exception ex) when (ex is DicomNetworkException or System.Net.Sockets.SocketException or IOException or OperationCanceledException
            or System.Security.Authentication.AuthenticationException or System.Security.Cryptography.CryptographicException)
        {
            await stderr.WriteLineAsync($"echo failed: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
