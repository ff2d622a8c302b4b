namespace ImagingPipeline.Contracts;

/// <summary>
/// The trial's way of counting extracranial sites, shared by the worker and every consumer so
/// that they count alike: each non-nodal extracranial lesion is one site, nodal lesions count once
/// per nodal region, intracranial lesions never count. A reviewer's decisions apply on top: a
/// nodal-region override replaces the extracted region, a site merged into another counts with it
/// (follow the merge chain), and a node counted separately (split) is a site of its own.
/// </summary>
public static class SiteCounting
{
    /// <summary>Counts the extracranial sites among <paramref name="sites"/>.</summary>
    public static int CountExtracranial(IEnumerable<SiteRecord> sites, IReadOnlyDictionary<string, SiteDecision>? decisions = null)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var list = sites.Where(s => !s.IsIntracranial).ToList();
        var byId = list.GroupBy(s => s.SiteId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return list.Select(s => GroupOf(s, byId, decisions).Label).Distinct(StringComparer.OrdinalIgnoreCase).Count();
    }

    /// <summary>
    /// The counting group of a site: its nodal region for a node counted with its region, else the
    /// site it ends up merged into (itself when not merged).
    /// </summary>
    public static SiteGroup GroupOf(SiteRecord site, IReadOnlyDictionary<string, SiteRecord> sitesById, IReadOnlyDictionary<string, SiteDecision>? decisions)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(sitesById);
        var path = new List<string>();
        var current = site;
        while (!path.Contains(current.SiteId, StringComparer.Ordinal))
        {
            path.Add(current.SiteId);
            var decision = decisions?.GetValueOrDefault(current.SiteId);
            if (decision?.MergedInto is { } target && !string.Equals(target, current.SiteId, StringComparison.Ordinal))
            {
                if (!sitesById.TryGetValue(target, out var next))
                {
                    return new SiteGroup(null, target); // merged into a site not among these: counted with it, once
                }

                current = next;
                continue;
            }

            var region = decision?.NodalRegionOverride ?? current.NodalRegion;
            return region is null || decision?.CountedSeparately == true ? new SiteGroup(null, current.SiteId) : new SiteGroup(region, null);
        }

        // A merge cycle: its sites count as one, named by the smallest siteId of the cycle.
        var cycle = path.Skip(path.IndexOf(current.SiteId));
        return new SiteGroup(null, cycle.Min(StringComparer.Ordinal));
    }
}
