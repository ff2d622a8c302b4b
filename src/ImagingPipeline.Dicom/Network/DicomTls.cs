using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// TLS settings shared by the SCP and the SCU: PS3.15 B.9 (BCP 195 non-downgrading profile) allows TLS 1.2 and
/// 1.3 only, with ECDHE/DHE key exchange and AEAD ciphers. Certificate loading from PKCS#12 or PEM files.
/// </summary>
internal static class DicomTls
{
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>RFC 9325 4.2 recommended suites (TLS 1.2) and the TLS 1.3 suites; set where the platform allows it (Linux/OpenSSL).</summary>
    private static readonly TlsCipherSuite[] Bcp195Suites =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
    ];

    public static SslServerAuthenticationOptions ServerOptions(DicomTlsServerOptions tls)
    {
        X509Certificate2Collection? chain = null;
        var certificate = tls.Certificate ?? Load(tls.CertificatePath
            ?? throw new InvalidOperationException("DICOM TLS needs a server certificate (CertificatePath or Certificate)"),
            tls.KeyPath, tls.CertificatePassword, out chain);
        chain ??= [];
        var trusted = new X509Certificate2Collection(tls.TrustedClientCertificates);
        if (tls.TrustedClientCertificatesPath is { } trustPath)
        {
            trusted.ImportFromPemFile(trustPath);
        }

        var options = new SslServerAuthenticationOptions
        {
            EnabledSslProtocols = Protocols,
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, chain, offline: true),
            ClientCertificateRequired = tls.RequireClientCertificate,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is null
                    ? !tls.RequireClientCertificate
                    : trusted.Count > 0
                        ? ChainsTo(certificate, trusted)
                        : (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.CipherSuitesPolicy = new CipherSuitesPolicy(Bcp195Suites);
        }

        return options;
    }

    public static SslClientAuthenticationOptions ClientOptions(DicomTlsClientOptions tls, string host)
    {
        var trusted = new X509Certificate2Collection(tls.TrustedCertificates);
        if (tls.TrustedCertificatesPath is { } trustPath)
        {
            trusted.ImportFromPemFile(trustPath);
        }

        var clientCertificate = tls.ClientCertificate
            ?? (tls.ClientCertificatePath is { } path ? Load(path, tls.ClientKeyPath, tls.ClientCertificatePassword, out _) : null);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = tls.ServerName ?? host,
            EnabledSslProtocols = Protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (tls.CheckServerName && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0))
                {
                    return false;
                }

                return trusted.Count > 0
                    ? ChainsTo(certificate, trusted)
                    : (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
            },
        };
        if (!OperatingSystem.IsWindows())
        {
            // Windows takes the suites from the system policy (SChannel); elsewhere OpenSSL takes this list.
            options.CipherSuitesPolicy = new CipherSuitesPolicy(Bcp195Suites);
        }

        return options;
    }

    /// <summary>True when <paramref name="certificate"/> chains to one of <paramref name="trusted"/> (custom root trust, no revocation fetch).</summary>
    private static bool ChainsTo(X509Certificate certificate, X509Certificate2Collection trusted)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    /// <summary>Loads a certificate with its private key: PKCS#12 (.pfx/.p12) or PEM (certificate chain + key file).</summary>
    public static X509Certificate2 Load(string certificatePath, string? keyPath, string? password, out X509Certificate2Collection? chain)
    {
        var extension = Path.GetExtension(certificatePath);
        if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
        {
            var all = X509CertificateLoader.LoadPkcs12CollectionFromFile(certificatePath, password, X509KeyStorageFlags.EphemeralKeySet);
            var leaf = all.FirstOrDefault(c => c.HasPrivateKey)
                ?? throw new InvalidOperationException($"{certificatePath}: no certificate with a private key");
            chain = [.. all.Where(c => !ReferenceEquals(c, leaf))];
            return leaf;
        }

        var certificate = password is null
            ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, keyPath);
        chain = [];
        chain.ImportFromPemFile(certificatePath);
        foreach (var same in chain.Where(c => c.Thumbprint == certificate.Thumbprint).ToList())
        {
            chain.Remove(same);
        }

        return certificate;
    }
}
