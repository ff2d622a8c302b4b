using System.Globalization;
using ImagingPipeline.Contracts;

namespace ImagingPipeline.Worker.Review;

/// <summary>
/// What changed between two versions of a timepoint's assessment, as a reviewer reads it: sites
/// added and removed (matched by siteId, else by ROI name), figures that changed at the precision
/// the page shows them, and the counts.
/// </summary>
internal sealed record VersionDiff(int FromVersion, int ToVersion, IReadOnlyList<string> Added, IReadOnlyList<string> Removed,
    IReadOnlyList<string> Changed, IReadOnlyList<string> Counts)
{
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0 && Counts.Count == 0;

    /// <summary>One line for the worklist: "+1 site, 2 changed, counts changed" or "no lesion changed".</summary>
    public string Summary
    {
        get
        {
            var parts = new List<string>();
            if (Added.Count > 0)
            {
                parts.Add($"+{Added.Count} site{(Added.Count == 1 ? "" : "s")}");
            }

            if (Removed.Count > 0)
            {
                parts.Add($"−{Removed.Count} site{(Removed.Count == 1 ? "" : "s")}");
            }

            if (Changed.Count > 0)
            {
                parts.Add($"{Changed.Count} changed");
            }

            parts.AddRange(Counts);
            return parts.Count == 0 ? "no lesion changed" : string.Join(", ", parts);
        }
    }

    public static VersionDiff Compute(OligoProgressionAssessed from, OligoProgressionAssessed to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var unmatched = from.Sites.ToList();
        var added = new List<string>();
        var changed = new List<string>();
        foreach (var site in to.Sites)
        {
            var before = unmatched.FirstOrDefault(s => s.SiteId == site.SiteId)
                ?? unmatched.FirstOrDefault(s => string.Equals(s.RoiName, site.RoiName, StringComparison.OrdinalIgnoreCase));
            if (before is null)
            {
                added.Add(site.RoiName);
                continue;
            }

            unmatched.Remove(before);
            var differences = Differences(before, site).ToList();
            if (differences.Count > 0)
            {
                changed.Add($"{site.RoiName}: {string.Join("; ", differences)}");
            }
        }

        var counts = new List<string>();
        Count(counts, "extracranial sites", from.ExtracranialSiteCount, to.ExtracranialSiteCount);
        Count(counts, "nodal regions", from.NodalRegionCount, to.NodalRegionCount);
        Count(counts, "intracranial lesions", from.IntracranialLesionCount, to.IntracranialLesionCount);
        return new VersionDiff(from.Version, to.Version, added, [.. unmatched.Select(s => s.RoiName)], changed, counts);
    }

    private static IEnumerable<string> Differences(SiteRecord a, SiteRecord b)
    {
        foreach (var (name, x, y, format) in new (string, double?, double?, string)[]
        {
            ("volume", a.VolumeCc, b.VolumeCc, "0.0 'cm³'"),
            ("longest diameter", a.LongestDiameterMm, b.LongestDiameterMm, "0.0 'mm'"),
            ("short axis", a.ShortAxisMm, b.ShortAxisMm, "0.0 'mm'"),
            ("SUVmax", a.SuvMax, b.SuvMax, "0.0"),
            ("SUVpeak", a.SuvPeak, b.SuvPeak, "0.0"),
        })
        {
            var before = Format(x, format);
            var after = Format(y, format);
            if (before != after)
            {
                yield return $"{name} {before} → {after}";
            }
        }

        foreach (var (name, x, y) in new (string, string?, string?)[]
        {
            ("organ", a.Organ, b.Organ),
            ("nodal region", a.NodalRegion, b.NodalRegion),
            ("progression", a.Progression?.Status.ToString(), b.Progression?.Status.ToString()),
        })
        {
            if (!string.Equals(x, y, StringComparison.Ordinal))
            {
                yield return $"{name} {x ?? "—"} → {y ?? "—"}";
            }
        }
    }

    private static string Format(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "—";

    private static void Count(List<string> counts, string name, int before, int after)
    {
        if (before != after)
        {
            counts.Add($"{name} {before} → {after}");
        }
    }
}
