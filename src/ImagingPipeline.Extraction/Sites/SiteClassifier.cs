using System.Text.RegularExpressions;

namespace ImagingPipeline.Extraction.Sites;

/// <summary>Lesion selection and site/nodal classification from types, codes and TG-263 names (DOMAIN §5).</summary>
internal static partial class SiteClassifier
{
    public const string LymphNode = "lymph node";
    public const string Unknown = "unknown — review";

    private static readonly HashSet<string> IntracranialOrgans = new(StringComparer.Ordinal) { "brain", "brainstem", "cerebellum", "meninges" };

    /// <summary>Anatomy words (TG-263 anatomy part or code meaning, lower case) → organ, longest first.</summary>
    private static readonly (string Word, string Organ)[] Anatomy =
    [
        ("brainstem", "brainstem"), ("cerebellum", "cerebellum"), ("meninges", "meninges"), ("brain", "brain"),
        ("lung", "lung"), ("liver", "liver"), ("adrenal", "adrenal"), ("kidney", "kidney"), ("pancreas", "pancreas"),
        ("spleen", "spleen"), ("prostate", "prostate"), ("breast", "breast"), ("esophagus", "esophagus"),
        ("stomach", "stomach"), ("bowel", "bowel"), ("rectum", "rectum"), ("bladder", "bladder"), ("skin", "skin"),
        ("bone", "bone"), ("vertebra", "bone"), ("vb", "bone"), ("spine", "bone"), ("rib", "bone"), ("sacrum", "bone"),
        ("pelvis", "bone"), ("femur", "bone"), ("humerus", "bone"), ("sternum", "bone"), ("scapula", "bone"),
        ("clavicle", "bone"), ("ilium", "bone"), ("skull", "bone"), ("acetabulum", "bone"),
        ("c1", "bone"), ("t1", "bone"), ("l1", "bone"), ("s1", "bone"),
    ];

    [GeneratedRegex(@"^(?<type>GTV|CTV|ITV|IGTV|ICTV|PTV)(?<cls>[pn])?(?<num>\d+)?(?<rest>[_^].*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TargetName();

    [GeneratedRegex(@"(?:^|[_\s^-])(?:LN[_\s-]?)?(?<st>1[0-4]|[1-9])(?<suffix>R|L|A|P)?(?=$|[_\s^-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Station();

    [GeneratedRegex(@"LN_[A-Za-z][A-Za-z0-9_]*", RegexOptions.CultureInvariant)]
    private static partial Regex ExtrathoracicNode();

    /// <summary>Whether an ROI is a lesion candidate (DOMAIN §5).</summary>
    public static RoiRole RoleOf(string roiName, string? interpretedType, IReadOnlyCollection<string> forcedNames)
    {
        ArgumentNullException.ThrowIfNull(roiName);
        ArgumentNullException.ThrowIfNull(forcedNames);
        var name = roiName.Trim();
        if (forcedNames.Any(f => string.Equals(f.Trim(), name, StringComparison.OrdinalIgnoreCase)))
        {
            return RoiRole.Lesion;
        }

        var type = (interpretedType ?? string.Empty).Trim().ToUpperInvariant();
        if (type.Length > 0)
        {
            return type is "GTV" or "ITV" or "IGTV" ? RoiRole.Lesion : RoiRole.Ignored;
        }

        if (name.StartsWith('z') || name.StartsWith('Z') || name.StartsWith('_'))
        {
            return RoiRole.Ignored;
        }

        var m = TargetName().Match(name);
        return m.Success && m.Groups["type"].Value.ToUpperInvariant() is "GTV" or "ITV" or "IGTV" ? RoiRole.Lesion : RoiRole.Ignored;
    }

    /// <summary>Site of a lesion from its anatomic code meaning (when present) or its name.</summary>
    public static SiteInfo Classify(string roiName, string? anatomicCodeMeaning, NodalRegionMap regions)
    {
        ArgumentNullException.ThrowIfNull(roiName);
        ArgumentNullException.ThrowIfNull(regions);
        var name = roiName.Trim();
        var target = TargetName().Match(name);
        var nodalClassifier = target.Success && target.Groups["cls"].Value.Equals("n", StringComparison.OrdinalIgnoreCase);
        var anatomyPart = target.Success ? target.Groups["rest"].Value : name;
        var customAt = anatomyPart.IndexOf('^', StringComparison.Ordinal);
        var anatomyNoCustom = customAt >= 0 ? anatomyPart[..customAt] : anatomyPart;
        var laterality = LateralityOf(anatomyNoCustom);

        var extrathoracic = ExtrathoracicNode().Match(anatomyNoCustom);
        var hasLn = extrathoracic.Success || name.Contains("LN", StringComparison.OrdinalIgnoreCase) && LnToken(name);
        if (nodalClassifier || hasLn || ContainsWord(anatomicCodeMeaning, "lymph"))
        {
            string? station = null;
            if (extrathoracic.Success)
            {
                station = extrathoracic.Value.TrimEnd('_');
            }
            else if (Station().Match(anatomyNoCustom) is { Success: true } s)
            {
                var suffix = s.Groups["suffix"].Value.ToUpperInvariant();
                station = s.Groups["st"].Value + (suffix is "A" or "P" ? suffix.ToLowerInvariant() : suffix);
            }

            var region = station is null ? null : regions.RegionOf(station);
            var stationLaterality = station is not null && (station.EndsWith('R') || station.EndsWith('L')) && !station.StartsWith("LN_", StringComparison.Ordinal)
                ? station[^1..]
                : laterality;
            return new SiteInfo
            {
                Organ = LymphNode,
                Laterality = stationLaterality,
                LymphNodeStation = station,
                NodalRegion = region ?? (station is null ? "unassigned — review" : station),
                Source = anatomicCodeMeaning is not null && ContainsWord(anatomicCodeMeaning, "lymph") ? "anatomic-code" : "roi-name",
            };
        }

        if (!string.IsNullOrWhiteSpace(anatomicCodeMeaning) && OrganOf(anatomicCodeMeaning) is { } codeOrgan)
        {
            return Site(codeOrgan, LateralityOf(anatomicCodeMeaning) ?? laterality, "anatomic-code");
        }

        if (OrganOf(anatomyNoCustom) is { } organ)
        {
            return Site(organ, laterality, "roi-name");
        }

        return new SiteInfo { Organ = Unknown, Laterality = laterality, Source = "unknown" };
    }

    private static SiteInfo Site(string organ, string? laterality, string source) => new()
    {
        Organ = organ,
        Laterality = laterality,
        IsIntracranial = IntracranialOrgans.Contains(organ),
        Source = source,
    };

    private static bool LnToken(string name)
        => Tokens(name).Any(t => t.Equals("LN", StringComparison.OrdinalIgnoreCase) || (t.StartsWith("LN", StringComparison.OrdinalIgnoreCase) && t.Length > 2 && char.IsDigit(t[2])));

    private static string? OrganOf(string text)
    {
        var tokens = Tokens(text).Select(t => t.ToLowerInvariant()).ToList();
        foreach (var (word, organ) in Anatomy)
        {
            if (tokens.Any(t => t == word || (word.Length > 3 && t.StartsWith(word, StringComparison.Ordinal))))
            {
                return organ;
            }
        }

        return null;
    }

    private static string? LateralityOf(string? text)
    {
        var tokens = Tokens(text).Select(t => t.ToUpperInvariant()).ToList();
        if (tokens.Contains("L") || tokens.Contains("LEFT"))
        {
            return "L";
        }

        if (tokens.Contains("R") || tokens.Contains("RIGHT"))
        {
            return "R";
        }

        return tokens.Contains("B") || tokens.Contains("BILATERAL") ? "B" : null;
    }

    private static bool ContainsWord(string? text, string word)
        => text is not null && text.Contains(word, StringComparison.OrdinalIgnoreCase);

    private static string[] Tokens(string? text)
        => (text ?? string.Empty).Split(['_', ' ', '-', '^', ',', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
}
