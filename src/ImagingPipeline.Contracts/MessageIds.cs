using System.Security.Cryptography;
using System.Text;

namespace ImagingPipeline.Contracts;

/// <summary>
/// Deterministic message ids: a name-based UUID (RFC 9562 version 5, SHA-1) over
/// "kind|studyInstanceUid|version[|siteId]" in a fixed namespace. Publishing the same result twice
/// yields the same id, so consumers de-duplicate by message id.
/// </summary>
public static class MessageIds
{
    /// <summary>The namespace UUID of ImagingPipeline message ids.</summary>
    public static readonly Guid Namespace = new("6f1c2a3e-8d4b-5e7a-9c10-2b3d4e5f6a7b");

    /// <summary>The id of message <paramref name="kind"/> (the record's type name) for a study version.</summary>
    public static Guid For(string kind, string studyInstanceUid, int version, string? siteId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);

        var name = siteId is null
            ? $"{kind}|{studyInstanceUid}|{version}"
            : $"{kind}|{studyInstanceUid}|{version}|{siteId}";
        return NameBased(Namespace, name);
    }

    /// <summary>The id for a message instance, by its record type.</summary>
    public static Guid For<T>(T message, string? siteId = null)
        where T : IVersionedMessage
        => For(typeof(T).Name, message.StudyInstanceUid, message.Version, siteId);

    private static Guid NameBased(Guid ns, string name)
    {
        Span<byte> nsBytes = stackalloc byte[16];
        _ = ns.TryWriteBytes(nsBytes, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        nsBytes.CopyTo(input);
        nameBytes.CopyTo(input.AsSpan(16));
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 version 5 specifies; not used for security.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
