using ImagingPipeline.Dicom.Network;

namespace ImagingPipeline.Cli.Commands;

/// <summary>Options shared by the network verbs.</summary>
internal sealed class NetworkArguments
{
    private static readonly HashSet<string> Flags = ["--tls", "--tls-require-client-cert"];

    public List<string> Positional { get; } = [];
    /// <summary>--called-ae: by default the worker's default AE title.</summary>
    public string CalledAe { get; private set; } = "IMAGINGPIPE";
    public string CallingAe { get; private set; } = "IMAGINGPIPE";
    public string? Host { get; private set; }
    public string? Port { get; private set; }
    public string Aet { get; private set; } = "IMAGINGPIPE";
    public string? Output { get; private set; }

    /// <summary>--tls: use DICOM TLS (SCU side).</summary>
    public bool Tls { get; private set; }

    /// <summary>--tls-ca FILE: PEM of trusted CA certificates (server's for an SCU, clients' for store-scp).</summary>
    public string? TlsCa { get; private set; }

    /// <summary>--tls-cert FILE and --tls-key FILE: our certificate (PEM + key, or a .pfx/.p12 without password).</summary>
    public string? TlsCert { get; private set; }
    public string? TlsKey { get; private set; }
    public string? TlsPort { get; private set; }
    public bool TlsRequireClientCert { get; private set; }

    /// <summary>Parses the arguments; null (after a message on stderr) when an option lacks its value or is unknown.</summary>
    public static NetworkArguments? Parse(string[] args, TextWriter stderr)
    {
        var result = new NetworkArguments();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                result.Positional.Add(args[i]);
                continue;
            }

            if (Flags.Contains(args[i]))
            {
                result.Tls |= args[i] == "--tls";
                result.TlsRequireClientCert |= args[i] == "--tls-require-client-cert";
                continue;
            }

            if (i + 1 >= args.Length)
            {
                stderr.WriteLine($"option {args[i]} needs a value");
                return null;
            }

            var value = args[++i];
            switch (args[i - 1])
            {
                case "--called-ae": result.CalledAe = value; break;
                case "--calling-ae": result.CallingAe = value; break;
                case "--host": result.Host = value; break;
                case "--port": result.Port = value; break;
                case "--aet": result.Aet = value; break;
                case "--output": result.Output = value; break;
                case "--tls-ca": result.TlsCa = value; break;
                case "--tls-cert": result.TlsCert = value; break;
                case "--tls-key": result.TlsKey = value; break;
                case "--tls-port": result.TlsPort = value; break;
                default:
                    stderr.WriteLine($"unknown option {args[i - 1]}");
                    return null;
            }
        }

        return result;
    }

    /// <summary>TLS settings of an SCU, when --tls (or a TLS file option) was given.</summary>
    public DicomTlsClientOptions? ClientTls() => Tls || TlsCa is not null || TlsCert is not null
        ? new DicomTlsClientOptions { TrustedCertificatesPath = TlsCa, ClientCertificatePath = TlsCert, ClientKeyPath = TlsKey }
        : null;

    public const string ClientTlsUsage = "[--tls [--tls-ca PEM] [--tls-cert CERT --tls-key KEY]]";
}
