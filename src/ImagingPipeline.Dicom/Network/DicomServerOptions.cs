using System.Net;

namespace ImagingPipeline.Dicom.Network;

/// <summary>Configuration of <see cref="DicomServer"/>.</summary>
public sealed class DicomServerOptions
{
    /// <summary>Called AE titles this SCP answers to (PS3.8 9.3.4 reason 7 otherwise).</summary>
    public IList<string> AeTitles { get; } = ["IMAGINGPIPE"];

    /// <summary>TCP port; 0 binds an ephemeral port (read it back from <see cref="DicomServer.LocalEndPoint"/>).</summary>
    public int Port { get; set; } = 11112;
    public IPAddress BindAddress { get; set; } = IPAddress.Any;

    /// <summary>A second listener for DICOM TLS (PS3.15 B.9) when set; the plain port stays open as well.</summary>
    public DicomTlsServerOptions? Tls { get; set; }

    /// <summary>Maximum P-DATA PDU length we receive (advertised in A-ASSOCIATE-AC).</summary>
    public int MaxPduLength { get; set; } = 256 * 1024;

    /// <summary>Upper bound of an A-ASSOCIATE-RQ PDU body.</summary>
    public int MaxAssociateRequestLength { get; set; } = 64 * 1024;
    public int MaxAssociations { get; set; } = 64;

    /// <summary>ARTIM timer (PS3.8 9.1.5): connection (and TLS handshake) to a complete A-ASSOCIATE-RQ, and release to close.</summary>
    public TimeSpan ArtimTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed between PDUs (and for one PDU to arrive completely) on an open association, and for a
    /// blocked write to progress. Not counted while a storage commitment of the association is being decided.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Abstract syntaxes accepted; default every Storage SOP class plus Verification and Storage Commitment
    /// (the latter only when a commitment or report handler is set on the server).</summary>
    public Func<string, bool> AcceptedSopClasses { get; set; } = uid =>
        Uids.IsStorage(uid) || uid is Uids.Verification or Uids.StorageCommitmentPushModel;

    /// <summary>Uncompressed transfer syntaxes in order of preference; any other offered syntax is accepted as offered.</summary>
    public IList<string> TransferSyntaxPreference { get; } =
    [
        Uids.ExplicitVRLittleEndian, Uids.ImplicitVRLittleEndian, Uids.DeflatedExplicitVRLittleEndian, Uids.ExplicitVRBigEndian,
    ];

    /// <summary>Whether compressed (encapsulated) syntaxes are accepted as offered and stored unchanged.</summary>
    public bool AcceptCompressedSyntaxes { get; set; } = true;

    /// <summary>When non-empty, only these calling AE titles may associate (reason 3 otherwise).</summary>
    public ISet<string> CallingAeAllowList { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>When non-empty, only these source addresses may associate.</summary>
    public ISet<IPAddress> SourceAddressAllowList { get; } = new HashSet<IPAddress>();

    /// <summary>Checks a User Identity sub-item (PS3.7 D.3.3.7); false rejects the association 1/1/1. When null the
    /// item is ignored. When set and the requestor asked for a positive response, the A-ASSOCIATE-AC carries one.</summary>
    public Func<DicomUserIdentity, bool>? UserIdentityValidator { get; set; }

    /// <summary>Reject (1/1/1) an A-ASSOCIATE-RQ that carries no user identity.</summary>
    public bool RequireUserIdentity { get; set; }

    /// <summary>Folder for the temp files data sets are streamed to (same file system as the store).</summary>
    public string TempDirectory { get; set; } = Path.GetTempPath();

    /// <summary>Hash each C-STORE temp file (SHA-256) as its PDVs arrive, while the bytes are in the CPU's cache and
    /// the association would otherwise wait for the next PDU; the handler gets it as
    /// <see cref="DicomStoreRequest.FileSha256"/> instead of reading the file back.</summary>
    public bool HashReceivedFiles { get; set; }

    /// <summary>Start writing each C-STORE temp file to its disk while the rest of it arrives (Linux: every
    /// <see cref="WriteBackChunk"/> bytes, and the tail when the last PDV is in), for a handler that fsyncs the file:
    /// the disk then works during the receive instead of after it. Makes nothing durable by itself.</summary>
    public bool WriteBackReceivedFiles { get; set; }

    /// <summary>fsync each C-STORE temp file before it is closed and handed to the handler
    /// (<see cref="DicomStoreRequest.FileSynced"/>), for a handler that stores durably: it need not open the file again
    /// to sync it. A failed fsync answers 0xA700 without calling the handler.</summary>
    public bool SyncReceivedFiles { get; set; }

    /// <summary>Bytes written to a temp file between two write-back starts; see <see cref="WriteBackReceivedFiles"/>.</summary>
    public int WriteBackChunk { get; set; } = 256 << 10;

    /// <summary>Bound of a data set held in memory (N-ACTION and N-EVENT-REPORT of storage commitment); beyond it the
    /// association is aborted. 16 MiB holds well over 100,000 references.</summary>
    public int MaxInMemoryDataSetLength { get; set; } = 16 << 20;

    /// <summary>Storage commitment requesters' addresses by AE title, for N-EVENT-REPORTs that cannot go out on the
    /// requesting association (PS3.4 J.3.3).</summary>
    public IDictionary<string, DnsEndPoint> StorageCommitmentPeers { get; } = new Dictionary<string, DnsEndPoint>(StringComparer.Ordinal);

    /// <summary>Attempts to deliver a report on a new association, and the pause between them.</summary>
    public int StorageCommitmentReportAttempts { get; set; } = 3;
    public TimeSpan StorageCommitmentRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>TLS for those new associations, when the requesters listen on DICOM TLS.</summary>
    public DicomTlsClientOptions? StorageCommitmentReportTls { get; set; }
}
