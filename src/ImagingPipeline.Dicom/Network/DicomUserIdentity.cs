using System.Text;

namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// User Identity negotiation sub-item of an A-ASSOCIATE-RQ (PS3.7 D.3.3.7): type 1 username, 2 username and
/// passcode, 3 Kerberos ticket, 4 SAML assertion, 5 JSON Web Token; the primary field holds the username or the
/// token, the secondary field the passcode (type 2 only).
/// </summary>
public sealed record DicomUserIdentity(byte Type, bool PositiveResponseRequested, byte[] PrimaryField, byte[] SecondaryField)
{
    public const byte Username = 1;
    public const byte UsernameAndPasscode = 2;
    public const byte Kerberos = 3;
    public const byte Saml = 4;
    public const byte Jwt = 5;

    /// <summary>The primary field as UTF-8 text (username or token).</summary>
    public string PrimaryText => Encoding.UTF8.GetString(PrimaryField);

    /// <summary>The secondary field as UTF-8 text (the passcode of type 2).</summary>
    public string SecondaryText => Encoding.UTF8.GetString(SecondaryField);

    public static DicomUserIdentity ForUsername(string username, string? passcode = null, bool positiveResponseRequested = true) =>
        new(passcode is null ? Username : UsernameAndPasscode, positiveResponseRequested,
            Encoding.UTF8.GetBytes(username), passcode is null ? [] : Encoding.UTF8.GetBytes(passcode));

    public override string ToString() => $"user identity type {Type}";
}
