using System.Collections.Frozen;

namespace ImagingPipeline.Dicom;

/// <summary>A transfer syntax (PS3.5 10) and how it encodes data sets.</summary>
public sealed partial class DicomTransferSyntax
{
    private const string ImplicitLE = "1.2.840.10008.1.2";
    private const string ExplicitLE = "1.2.840.10008.1.2.1";
    private const string ExplicitBE = "1.2.840.10008.1.2.2";
    private const string Deflated = "1.2.840.10008.1.2.1.99";
    private const string JpipDeflated = "1.2.840.10008.1.2.4.95";
    private const string Jpip = "1.2.840.10008.1.2.4.94";

    private static readonly Lazy<FrozenDictionary<string, DicomTransferSyntax>> Known = new(() =>
        All().ToFrozenDictionary(t => t.Uid, StringComparer.Ordinal));

    private DicomTransferSyntax(string uid, string name, bool known)
    {
        Uid = uid;
        Name = name;
        IsKnown = known;
        IsExplicitVR = uid != ImplicitLE;
        IsLittleEndian = uid != ExplicitBE;
        IsDeflated = uid is Deflated or JpipDeflated;
        IsEncapsulated = uid is not (ImplicitLE or ExplicitLE or ExplicitBE or Deflated or Jpip or JpipDeflated);
    }

    public string Uid { get; }

    public string Name { get; }

    public bool IsExplicitVR { get; }

    public bool IsLittleEndian { get; }

    public bool IsDeflated { get; }

    /// <summary>Pixel data as fragments (PS3.5 A.4).</summary>
    public bool IsEncapsulated { get; }

    /// <summary>False for a UID not in the registry (treated as explicit VR little endian, encapsulated).</summary>
    public bool IsKnown { get; }

    /// <summary>The syntax for a UID; an unknown UID gives an unknown syntax rather than an error.</summary>
    public static DicomTransferSyntax Lookup(string uid)
    {
        var trimmed = uid.TrimEnd('\0', ' ');
        return Known.Value.TryGetValue(trimmed, out var ts) ? ts : new DicomTransferSyntax(trimmed, "Unknown", false);
    }

    public override string ToString() => $"{Name} ({Uid})";
}
