using System.Security.Cryptography.X509Certificates;

namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// The DICOM TLS port of <see cref="DicomServer"/> (PS3.15 B.9, BCP 195 non-downgrading profile: TLS 1.2 or 1.3
/// with AEAD cipher suites and forward secrecy). The certificate comes from a PKCS#12 file
/// (<see cref="CertificatePath"/> ending in .pfx/.p12, with <see cref="CertificatePassword"/>), a PEM certificate
/// (chain) with a PEM private key (<see cref="KeyPath"/>), or <see cref="Certificate"/> directly.
/// </summary>
public sealed class DicomTlsServerOptions
{
    /// <summary>TCP port of the TLS listener (2762 is the registered "dicom-tls" port); 0 binds an ephemeral one.</summary>
    public int Port { get; set; } = 2762;

    public string? CertificatePath { get; set; }
    public string? KeyPath { get; set; }
    public string? CertificatePassword { get; set; }

    /// <summary>A certificate with its private key; takes precedence over the paths.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>When true a client certificate is required and must chain to <see cref="TrustedClientCertificates"/>
    /// (or <see cref="TrustedClientCertificatesPath"/>, a PEM bundle), else to the system's trust store.</summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>PEM file of the CA (or self-signed client) certificates trusted for client authentication.</summary>
    public string? TrustedClientCertificatesPath { get; set; }

    public X509Certificate2Collection TrustedClientCertificates { get; } = [];
}
