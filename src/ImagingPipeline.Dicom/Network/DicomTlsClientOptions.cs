using System.Security.Cryptography.X509Certificates;

namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// TLS for an SCU association (PS3.15 B.9, BCP 195: TLS 1.2 or 1.3). The server certificate must chain to
/// <see cref="TrustedCertificates"/> (or a PEM bundle at <see cref="TrustedCertificatesPath"/>) when given, else to
/// the system's trust store, and name the host unless <see cref="CheckServerName"/> is false.
/// </summary>
public sealed class DicomTlsClientOptions
{
    public string? TrustedCertificatesPath { get; set; }

    public X509Certificate2Collection TrustedCertificates { get; } = [];

    /// <summary>Client certificate with private key, for SCPs that require one.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>Client certificate from files: PKCS#12 (.pfx/.p12) or PEM with <see cref="ClientKeyPath"/>.</summary>
    public string? ClientCertificatePath { get; set; }
    public string? ClientKeyPath { get; set; }
    public string? ClientCertificatePassword { get; set; }

    /// <summary>Name sent as SNI and checked against the certificate; defaults to the host the client connects to.</summary>
    public string? ServerName { get; set; }

    public bool CheckServerName { get; set; } = true;
}
