using System.Security.Cryptography;
using System.Text;

namespace ImagingPipeline.Worker.Auth;

/// <summary>Configured API keys are SHA-256 hashes; a presented key is hashed and compared in constant time.</summary>
internal static class ApiKeyHashes
{
    /// <summary>Lower-case hex SHA-256 of the key's UTF-8 bytes, the form <c>Auth:ApiKeys</c> holds.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Parses configured entries; throws naming the entry when one is not a SHA-256 hash.</summary>
    public static IReadOnlyList<byte[]> Parse(IEnumerable<string> entries)
    {
        var result = new List<byte[]>();
        var index = 0;
        foreach (var entry in entries)
        {
            var hex = entry.Trim();
            if (hex.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase))
            {
                hex = hex["sha256:".Length..];
            }

            if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
            {
                throw new InvalidOperationException(
                    $"Auth:ApiKeys:{index} must be the SHA-256 of the key as 64 hex digits (optionally 'sha256:' first), not the key itself.");
            }

            result.Add(Convert.FromHexString(hex));
            index++;
        }

        return result;
    }

    public static bool Matches(string presented, IReadOnlyList<byte[]> hashes)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var found = false;
        foreach (var hash in hashes)
        {
            found |= CryptographicOperations.FixedTimeEquals(digest, hash);
        }

        return found;
    }
}
