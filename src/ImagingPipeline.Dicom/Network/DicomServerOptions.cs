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

    /// <summary>Maximum P-DATA PDU length we receive (advertised in A-ASSOCIATE-AC).</summary>
    public int MaxPduLength { get; set; } = 256 * 1024;

    /// <summary>Upper bound of an A-ASSOCIATE-RQ PDU body.</summary>
    public int MaxAssociateRequestLength { get; set; } = 64 * 1024;
    public int MaxAssociations { get; set; } = 64;

    /// <summary>ARTIM timer (PS3.8 9.1.5): connection to A-ASSOCIATE-RQ, and release/abort to close.</summary>
    public TimeSpan ArtimTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed between PDUs (and for one PDU to arrive completely) on an open association.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Abstract syntaxes accepted; default every Storage SOP class plus Verification and Storage Commitment.</summary>
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

    /// <summary>Folder for the temp files data sets are streamed to (same file system as the store).</summary>
    public string TempDirectory { get; set; } = Path.GetTempPath();
}
