namespace ImagingPipeline.Extraction.Sites;

/// <summary>Counting per DOMAIN §6: one site per non-nodal extracranial lesion, nodes once per region, intracranial apart.</summary>
internal static class SiteCounter
{
    public static (int ExtracranialSites, int IntracranialLesions) Count(IEnumerable<SiteInfo> lesions)
    {
        ArgumentNullException.ThrowIfNull(lesions);
        var extracranial = 0;
        var intracranial = 0;
        var regions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in lesions)
        {
            if (s.IsIntracranial)
            {
                intracranial++;
            }
            else if (s.IsNodal)
            {
                regions.Add(s.NodalRegion ?? s.LymphNodeStation ?? "unassigned — review");
            }
            else
            {
                extracranial++;
            }
        }

        return (extracranial + regions.Count, intracranial);
    }
}
