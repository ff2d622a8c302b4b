using System.Buffers.Binary;
using System.Text;

namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// A-ASSOCIATE-RQ (PS3.8 9.3.2) or A-ASSOCIATE-AC (PS3.8 9.3.3): both share the fixed fields and the
/// variable items (application context 0x10, presentation contexts 0x20/0x21, user information 0x50).
/// </summary>
internal sealed class AssociatePdu
{
    public bool IsAccept { get; init; }
    public string CalledAeTitle { get; set; } = "";
    public string CallingAeTitle { get; set; } = "";
    public string ApplicationContext { get; set; } = Uids.ApplicationContext;
    public List<PresentationContext> Contexts { get; } = [];

    /// <summary>Maximum P-DATA PDU length the sender can receive (PS3.8 D.1); 0 means unlimited.</summary>
    public uint MaxPduLength { get; set; }
    public string? ImplementationClassUid { get; set; } = Uids.ImplementationClass;
    public string? ImplementationVersionName { get; set; } = Uids.ImplementationVersion;

    /// <summary>Asynchronous operations window (PS3.7 D.3.3.3): invoked, performed.</summary>
    public (ushort Invoked, ushort Performed)? AsyncOperations { get; set; }
    public List<RoleSelection> Roles { get; } = [];

    /// <summary>SOP class extended negotiation (PS3.7 D.3.3.5): SOP class UID → application information.</summary>
    public Dictionary<string, byte[]> ExtendedNegotiation { get; } = new(StringComparer.Ordinal);

    /// <summary>User identity (PS3.7 D.3.3.7): RQ type, positive-response-requested, primary, secondary; AC server response.</summary>
    public DicomUserIdentity? UserIdentity { get; set; }
    public byte[]? UserIdentityResponse { get; set; }

    /// <summary>Protocol-version field (PS3.8 9.3.2): bit 0 set for version 1, the only version defined.</summary>
    public ushort ProtocolVersion { get; set; } = 1;

    /// <summary>Parses the PDU body (after the 6-byte PDU header). Every length is checked against the body.</summary>
    public static AssociatePdu Parse(ReadOnlySpan<byte> body, bool isAccept)
    {
        if (body.Length < 68)
        {
            throw DicomNetworkException.Protocol("A-ASSOCIATE PDU shorter than its fixed fields", 6);
        }

        var pdu = new AssociatePdu
        {
            IsAccept = isAccept,
            ProtocolVersion = BinaryPrimitives.ReadUInt16BigEndian(body),
            CalledAeTitle = AeTitle(body.Slice(4, 16)),
            CallingAeTitle = AeTitle(body.Slice(20, 16)),
            ApplicationContext = "",
            ImplementationClassUid = null,
            ImplementationVersionName = null,
        };
        var items = body[68..];
        while (items.Length > 0)
        {
            var type = Item(ref items, out var value);
            switch (type)
            {
                case 0x10:
                    pdu.ApplicationContext = Uid(value);
                    break;
                case 0x20 or 0x21:
                    pdu.Contexts.Add(ParseContext(value, type == 0x21));
                    break;
                case 0x50:
                    pdu.ParseUserInformation(value);
                    break;
                default:
                    throw DicomNetworkException.Protocol($"unknown A-ASSOCIATE item type 0x{type:X2}", 4);
            }
        }

        return pdu;
    }

    private static PresentationContext ParseContext(ReadOnlySpan<byte> value, bool isAccept)
    {
        if (value.Length < 4)
        {
            throw DicomNetworkException.Protocol("presentation context item too short", 6);
        }

        var id = value[0];
        var result = value[2];
        var abstractSyntax = "";
        var syntaxes = new List<string>();
        var sub = value[4..];
        while (sub.Length > 0)
        {
            var type = Item(ref sub, out var v);
            if (type == 0x30)
            {
                abstractSyntax = Uid(v);
            }
            else if (type == 0x40)
            {
                syntaxes.Add(Uid(v));
            }
            else
            {
                throw DicomNetworkException.Protocol($"unknown presentation context sub-item 0x{type:X2}", 4);
            }
        }

        var context = new PresentationContext(id, abstractSyntax, syntaxes);
        if (isAccept)
        {
            context.Result = (PresentationContextResult)result;
            context.AcceptedTransferSyntax = syntaxes.Count > 0 ? syntaxes[0] : null;
        }

        return context;
    }

    private void ParseUserInformation(ReadOnlySpan<byte> value)
    {
        while (value.Length > 0)
        {
            var type = Item(ref value, out var v);
            switch (type)
            {
                case 0x51 when v.Length == 4:
                    MaxPduLength = BinaryPrimitives.ReadUInt32BigEndian(v);
                    break;
                case 0x52:
                    ImplementationClassUid = Uid(v);
                    break;
                case 0x55:
                    ImplementationVersionName = Encoding.ASCII.GetString(v).Trim();
                    break;
                case 0x53 when v.Length == 4:
                    AsyncOperations = (BinaryPrimitives.ReadUInt16BigEndian(v), BinaryPrimitives.ReadUInt16BigEndian(v[2..]));
                    break;
                case 0x54:
                    Roles.Add(ParseRole(v));
                    break;
                case 0x56:
                    var uidLength = v.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(v) : int.MaxValue;
                    if (uidLength > v.Length - 2)
                    {
                        throw DicomNetworkException.Protocol("extended negotiation item length invalid", 6);
                    }

                    ExtendedNegotiation[Uid(v.Slice(2, uidLength))] = v[(2 + uidLength)..].ToArray();
                    break;
                case 0x58:
                    UserIdentity = ParseUserIdentity(v);
                    break;
                case 0x59:
                    var length = v.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(v) : int.MaxValue;
                    UserIdentityResponse = length <= v.Length - 2 ? v.Slice(2, length).ToArray()
                        : throw DicomNetworkException.Protocol("user identity response length invalid", 6);
                    break;
                case 0x51 or 0x53:
                    throw DicomNetworkException.Protocol($"user information sub-item 0x{type:X2} has length {v.Length}", 6);
                default:
                    break; // PS3.7 D.3.3: unknown user information sub-items are ignored.
            }
        }
    }

    private static RoleSelection ParseRole(ReadOnlySpan<byte> v)
    {
        var uidLength = v.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(v) : int.MaxValue;
        if (uidLength > v.Length - 4)
        {
            throw DicomNetworkException.Protocol("role selection item length invalid", 6);
        }

        return new RoleSelection(Uid(v.Slice(2, uidLength)), v[2 + uidLength] == 1, v[3 + uidLength] == 1);
    }

    private static DicomUserIdentity ParseUserIdentity(ReadOnlySpan<byte> v)
    {
        if (v.Length < 4)
        {
            throw DicomNetworkException.Protocol("user identity item too short", 6);
        }

        int primaryLength = BinaryPrimitives.ReadUInt16BigEndian(v[2..]);
        if (4 + primaryLength + 2 > v.Length)
        {
            throw DicomNetworkException.Protocol("user identity primary field length invalid", 6);
        }

        var primary = v.Slice(4, primaryLength).ToArray();
        int secondaryLength = BinaryPrimitives.ReadUInt16BigEndian(v[(4 + primaryLength)..]);
        if (6 + primaryLength + secondaryLength > v.Length)
        {
            throw DicomNetworkException.Protocol("user identity secondary field length invalid", 6);
        }

        return new DicomUserIdentity(v[0], v[1] == 1, primary, v.Slice(6 + primaryLength, secondaryLength).ToArray());
    }

    private static byte Item(ref ReadOnlySpan<byte> span, out ReadOnlySpan<byte> value)
    {
        if (span.Length < 4)
        {
            throw DicomNetworkException.Protocol("A-ASSOCIATE item header truncated", 6);
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
        if (length > span.Length - 4)
        {
            throw DicomNetworkException.Protocol($"A-ASSOCIATE item 0x{span[0]:X2} length {length} exceeds the PDU", 6);
        }

        var type = span[0];
        value = span.Slice(4, length);
        span = span[(4 + length)..];
        return type;
    }

    private static string AeTitle(ReadOnlySpan<byte> v) => Encoding.ASCII.GetString(v).Trim(' ', '\0');

    private static string Uid(ReadOnlySpan<byte> v) => Encoding.ASCII.GetString(v).TrimEnd('\0', ' ');
}
