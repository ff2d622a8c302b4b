using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace ImagingPipeline.Phantoms.Writers;

/// <summary>
/// Deterministic UIDs: "2.25." followed by the first 128 bits of SHA-256(seed, role) as a decimal
/// integer (PS3.5 B.2 allows any UUID-sized integer under 2.25). The same seed and role always give
/// the same UID; different seeds practically never collide.
/// </summary>
internal sealed class PhantomUids
{
    private readonly string _seed;

    public PhantomUids(string seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(seed);
        _seed = seed;
    }

    public string For(string role)
    {
        ArgumentNullException.ThrowIfNull(role);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(_seed + "\n" + role));
        var value = new BigInteger(hash.AsSpan(0, 16), isUnsigned: true, isBigEndian: true);
        return "2.25." + value.ToString(CultureInfo.InvariantCulture);
    }
}
