namespace ImagingPipeline.Worker.Configuration;

/// <summary>The DICOM listener (configuration section <c>Dicom</c>).</summary>
internal sealed class DicomOptions
{
    public const string Section = "Dicom";

    /// <summary>Our AE title (PS3.5 6.2: AE VR, at most 16 characters, no backslash or control characters).</summary>
    public string AeTitle { get; set; } = "IMAGINGPIPE";

    /// <summary>Further called AE titles answered as ours (a PACS configured with an old name, say).</summary>
    public List<string> AdditionalAeTitles { get; set; } = [];

    /// <summary>TCP port of the listener.</summary>
    public int Port { get; set; } = 11112;

    /// <summary>Address the listeners bind to; empty: every interface.</summary>
    public string? BindAddress { get; set; }

    /// <summary>Concurrent associations accepted; one more gets a transient rejection (2/3/2).</summary>
    public int MaxAssociations { get; set; } = 32;

    /// <summary>Largest P-DATA PDU we receive (advertised in the A-ASSOCIATE-AC); larger ones abort.</summary>
    public int MaxPduLength { get; set; } = 256 * 1024;

    /// <summary>ARTIM: connection to a complete A-ASSOCIATE-RQ, and release request to close.</summary>
    public TimeSpan ArtimTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Silence allowed on an open association before it is aborted.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>When non-empty, only these calling AE titles may associate (1/2/3 otherwise).</summary>
    public List<string> CallingAeAllowList { get; set; } = [];

    /// <summary>When non-empty, only these source IP addresses may associate (1/2/3 otherwise).</summary>
    public List<string> SourceAddressAllowList { get; set; } = [];

    /// <summary>Uncompressed transfer syntaxes by preference; empty keeps the default (explicit LE, implicit LE,
    /// deflated, explicit BE).</summary>
    public List<string> TransferSyntaxPreference { get; set; } = [];

    /// <summary>Accept compressed (encapsulated) syntaxes as offered and store them unchanged.</summary>
    public bool AcceptCompressedSyntaxes { get; set; } = true;

    /// <summary>DICOM TLS on a second port (PS3.15 B.9, BCP 195); off unless a certificate is configured.</summary>
    public DicomTlsOptions Tls { get; set; } = new();

    /// <summary>Storage Commitment Push Model (PS3.4 J).</summary>
    public StorageCommitmentOptions StorageCommitment { get; set; } = new();
}

/// <summary><c>Dicom:Tls</c>.</summary>
internal sealed class DicomTlsOptions
{
    /// <summary>TLS port (2762 is the registered dicom-tls port); 0 binds an ephemeral one.</summary>
    public int Port { get; set; } = 2762;

    /// <summary>Server certificate: PKCS#12 (.pfx/.p12, with <see cref="CertificatePassword"/>) or PEM with
    /// <see cref="KeyPath"/>. TLS is on when this is set.</summary>
    public string? CertificatePath { get; set; }

    public string? KeyPath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Require a client certificate chaining to <see cref="TrustedClientCertificatesPath"/> (a PEM bundle),
    /// else to the system's trust store.</summary>
    public bool RequireClientCertificate { get; set; }

    public string? TrustedClientCertificatesPath { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}

/// <summary><c>Dicom:StorageCommitment</c>.</summary>
internal sealed class StorageCommitmentOptions
{
    /// <summary>Where each requester listens, by calling AE title (<c>host:port</c>), for reports that cannot go back on
    /// the requesting association.</summary>
    public Dictionary<string, string> Peers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Attempts to deliver a report on a new association, and the pause between them.</summary>
    public int ReportAttempts { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}
