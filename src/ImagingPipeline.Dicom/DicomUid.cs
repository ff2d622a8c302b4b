using System.Collections.Frozen;
using System.Numerics;

namespace ImagingPipeline.Dicom;

/// <summary>UID rules (PS3.5 9.1), generation (PS3.5 B.2) and the registry lookup.</summary>
public static class DicomUid
{
    private static readonly Lazy<FrozenDictionary<string, DicomUidInfo>> ByUid = new(() =>
        DicomUids.Registry.Value.GroupBy(u => u.Uid, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal));

    /// <summary>Digits and dots, at most 64 characters, no empty component, no leading zero in a multi-digit component.</summary>
    public static bool IsValid(string? uid)
    {
        if (string.IsNullOrEmpty(uid) || uid.Length > 64)
        {
            return false;
        }

        var componentStart = 0;
        for (var i = 0; i <= uid.Length; i++)
        {
            if (i == uid.Length || uid[i] == '.')
            {
                var length = i - componentStart;
                if (length == 0 || (length > 1 && uid[componentStart] == '0'))
                {
                    return false;
                }

                componentStart = i + 1;
            }
            else if (uid[i] is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A new UID under the 2.25 root: a random UUID as one decimal integer (PS3.5 B.2).</summary>
    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(bytes, bigEndian: true, out _);
        return "2.25." + new BigInteger(bytes, isUnsigned: true, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The registry entry for a UID, or null.</summary>
    public static DicomUidInfo? Lookup(string uid) => ByUid.Value.GetValueOrDefault(uid.TrimEnd('\0', ' '));
}
