namespace ImagingPipeline.Extraction.Sites;

/// <summary>
/// IASLC station → nodal region (zone) and TG-263 extrathoracic node names → region (DOMAIN §5).
/// Configuration: the default is the IASLC zone grouping, and entries can be replaced.
/// </summary>
public sealed class NodalRegionMap
{
    private readonly Dictionary<string, string> _map;

    public NodalRegionMap(IReadOnlyDictionary<string, string>? overrides = null)
    {
        _map = new Dictionary<string, string>(Defaults, StringComparer.OrdinalIgnoreCase);
        if (overrides is not null)
        {
            foreach (var (k, v) in overrides)
            {
                _map[k] = v;
            }
        }
    }

    /// <summary>The default grouping: IASLC zones, laterality kept where the station has it.</summary>
    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["1R"] = "supraclavicular R",
        ["1L"] = "supraclavicular L",
        ["1"] = "supraclavicular",
        ["2R"] = "upper mediastinal R",
        ["2L"] = "upper mediastinal L",
        ["3A"] = "upper mediastinal",
        ["3P"] = "upper mediastinal",
        ["4R"] = "upper mediastinal R",
        ["4L"] = "upper mediastinal L",
        ["5"] = "aortopulmonary",
        ["6"] = "aortopulmonary",
        ["7"] = "subcarinal",
        ["8"] = "lower mediastinal",
        ["9"] = "lower mediastinal",
        ["10R"] = "hilar/interlobar R",
        ["10L"] = "hilar/interlobar L",
        ["11R"] = "hilar/interlobar R",
        ["11L"] = "hilar/interlobar L",
        ["11"] = "hilar/interlobar",
        ["12R"] = "peripheral R",
        ["12L"] = "peripheral L",
        ["13R"] = "peripheral R",
        ["13L"] = "peripheral L",
        ["14R"] = "peripheral R",
        ["14L"] = "peripheral L",
        ["12"] = "peripheral",
        ["13"] = "peripheral",
        ["14"] = "peripheral",
    };

    /// <summary>The region of an IASLC station or a TG-263 LN_* name; a LN_* name is its own region when not configured.</summary>
    public string? RegionOf(string station)
    {
        ArgumentNullException.ThrowIfNull(station);
        if (_map.TryGetValue(station, out var region))
        {
            return region;
        }

        return station.StartsWith("LN_", StringComparison.OrdinalIgnoreCase) ? station : null;
    }
}
