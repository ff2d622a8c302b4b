using System.Globalization;
using System.Text.Json;

namespace ImagingPipeline.Cli.Tests.Conformance;

/// <summary>
/// Compares two data sets in the DICOM JSON model (PS3.18 F.2) element by element: the same tags,
/// VRs and values. Group lengths (gggg,0000) and Specific Character Set (0008,0005) are not compared:
/// the first are recomputed by writers and the second only says how the (compared, decoded) text was
/// encoded. A few differences are accepted by narrow rules, each with its reason; everything else is
/// reported.
/// </summary>
internal sealed class JsonDatasetComparer
{
    /// <summary>pydicom gives private elements VRs from its own private dictionary; a toolkit without one
    /// keeps UN (PS3.5 6.2.2), and the value of UN is bulk data, so it is not compared either.</summary>
    public const string PrivateDictionary = "private element: pydicom's private dictionary VR, ours UN (PS3.5 6.2.2)";

    /// <summary>pydicom leaves the spaces before a backslash in multi-valued strings; they are padding
    /// (PS3.5 6.2: leading and trailing spaces are not significant in these VRs).</summary>
    public const string SpacePadding = "multi-valued string: pydicom keeps padding spaces before a backslash (PS3.5 6.2)";

    /// <summary>Implicit VR carries no VR: a private element written that way reads back as UN (PS3.5 7.1.3).</summary>
    public const string ImplicitPrivate = "private element in implicit VR: its VR cannot be carried (PS3.5 7.1.3)";

    /// <summary>PS3.5 A.1: in implicit VR little endian, Pixel Data is OW whatever it was.</summary>
    public const string ImplicitPixelData = "Pixel Data in implicit VR is OW (PS3.5 A.1)";

    /// <summary>A private element read as UN holds bytes whose VR, and so whose byte order, nobody knows: they
    /// go into big endian unswapped, and pydicom then reads them with its private dictionary's VR in big endian.</summary>
    public const string BigEndianPrivate = "private element kept as UN cannot be byte-swapped for big endian (its VR is unknown)";

    /// <summary>DCMTK holds OW as 16-bit words, so it reads 32-bit samples of big endian pixel data (correctly
    /// swapped per sample, PS3.5 A.2) in another byte order; the pydicom digests check those samples.</summary>
    public const string WordSwappedPixels = "32-bit big endian pixel data: DCMTK swaps OW per 16-bit word (pydicom's digest checks the samples)";

    /// <summary>Do not compare the bytes of native pixel data (see <see cref="WordSwappedPixels"/>).</summary>
    public bool IgnorePixelDataBytes { get; init; }

    /// <summary>Compare without group 0002 (the file meta names the new syntax and implementation).</summary>
    public bool IgnoreFileMeta { get; init; }

    /// <summary>The actual data set went through implicit VR: private elements may come back as UN.</summary>
    public bool ActualWasImplicit { get; init; }

    /// <summary>The actual data set went through big endian: private values kept as UN are not swapped.</summary>
    public bool ActualWasBigEndian { get; init; }

    public List<string> Differences { get; } = [];

    public List<string> Accepted { get; } = [];

    public void Compare(JsonElement expected, JsonElement actual, string path = "")
    {
        var keys = expected.EnumerateObject().Select(p => p.Name).Union(actual.EnumerateObject().Select(p => p.Name)).Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (key.EndsWith("0000", StringComparison.Ordinal) || key == "00080005" || (IgnoreFileMeta && key.StartsWith("0002", StringComparison.Ordinal)))
            {
                continue;
            }

            var here = $"{path}/{key}";
            var inExpected = expected.TryGetProperty(key, out var e);
            var inActual = actual.TryGetProperty(key, out var a);
            if (!inExpected || !inActual)
            {
                Differences.Add($"{here}: only in {(inExpected ? "expected" : "actual")}: {Short(inExpected ? e : a)}");
                continue;
            }

            CompareElement(key, e, a, here);
        }
    }

    private void CompareElement(string key, JsonElement expected, JsonElement actual, string path)
    {
        var expectedVR = expected.GetProperty("vr").GetString();
        var actualVR = actual.GetProperty("vr").GetString();
        if (expectedVR != actualVR)
        {
            if (IsPrivateData(key) && (actualVR == "UN" || ActualWasImplicit))
            {
                Accepted.Add($"{path}: {(ActualWasImplicit ? ImplicitPrivate : PrivateDictionary)}");
                return;
            }

            if (ActualWasImplicit && key == "7FE00010" && expectedVR == "OB" && actualVR == "OW")
            {
                Accepted.Add($"{path}: {ImplicitPixelData}");
            }
            else
            {
                Differences.Add($"{path}: VR {expectedVR} ≠ {actualVR}");
                return;
            }
        }

        foreach (var member in new[] { "Value", "Digest", "InlineBinary" })
        {
            var inExpected = expected.TryGetProperty(member, out var e);
            var inActual = actual.TryGetProperty(member, out var a);
            if (inExpected != inActual)
            {
                Differences.Add($"{path}: {member} only in {(inExpected ? "expected" : "actual")}: {Short(inExpected ? e : a)}");
            }
            else if (inExpected && member == "Value")
            {
                var differences = Differences.Count;
                CompareValues(expectedVR!, e, a, path);
                if (Differences.Count > differences && ActualWasBigEndian && IsPrivateData(key))
                {
                    Differences.RemoveRange(differences, Differences.Count - differences);
                    Accepted.Add($"{path}: {BigEndianPrivate}");
                }
            }
            else if (inExpected && e.GetString() != a.GetString())
            {
                if (IgnorePixelDataBytes && path.EndsWith("/7FE00010", StringComparison.Ordinal))
                {
                    Accepted.Add($"{path}: {WordSwappedPixels}");
                }
                else
                {
                    Differences.Add($"{path}: {member} differs");
                }
            }
        }
    }

    private void CompareValues(string vr, JsonElement expected, JsonElement actual, string path)
    {
        var e = expected.EnumerateArray().ToList();
        var a = actual.EnumerateArray().ToList();
        if (e.Count != a.Count)
        {
            Differences.Add($"{path}: {e.Count} values ≠ {a.Count}: {Short(expected)} vs {Short(actual)}");
            return;
        }

        for (var i = 0; i < e.Count; i++)
        {
            var here = $"{path}[{i}]";
            if (vr == "SQ")
            {
                Compare(e[i], a[i], here);
            }
            else if (!SameValue(e[i], a[i]))
            {
                if (e[i].ValueKind == JsonValueKind.String && a[i].ValueKind == JsonValueKind.String
                    && e.Count > 1 && e[i].GetString()!.Trim(' ') == a[i].GetString())
                {
                    Accepted.Add($"{here}: {SpacePadding}");
                }
                else
                {
                    Differences.Add($"{here}: {Short(e[i])} ≠ {Short(a[i])}");
                }
            }
        }
    }

    private static bool SameValue(JsonElement expected, JsonElement actual)
    {
        if (expected.ValueKind == JsonValueKind.Number && actual.ValueKind == JsonValueKind.Number)
        {
            var x = expected.GetDouble();
            var y = actual.GetDouble();
            return x == y || Math.Abs(x - y) <= 1e-12 * Math.Max(Math.Abs(x), Math.Abs(y));
        }

        if (expected.ValueKind == JsonValueKind.Object && actual.ValueKind == JsonValueKind.Object)
        {
            var names = expected.EnumerateObject().Select(p => p.Name).Union(actual.EnumerateObject().Select(p => p.Name));
            return names.All(n => expected.TryGetProperty(n, out var x) && actual.TryGetProperty(n, out var y) && SameValue(x, y));
        }

        return expected.ValueKind == actual.ValueKind && expected.ToString() == actual.ToString();
    }

    /// <summary>A private data element (odd group, not a private creator gggg,0010-00FF).</summary>
    private static bool IsPrivateData(string key)
    {
        var tag = uint.Parse(key, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return ((tag >> 16) & 1) == 1 && (tag & 0xFFFF) is < 0x0010 or > 0x00FF;
    }

    private static string Short(JsonElement value)
    {
        var text = value.GetRawText().ReplaceLineEndings(" ");
        return text.Length > 120 ? text[..120] + "…" : text;
    }
}
