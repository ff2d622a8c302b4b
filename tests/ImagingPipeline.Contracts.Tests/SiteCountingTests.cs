using ImagingPipeline.Contracts;
using Xunit;

namespace ImagingPipeline.Contracts.Tests;

public sealed class SiteCountingTests
{
    private static SiteRecord Site(string id, string? region = null, bool intracranial = false) =>
        new() { SiteId = id, RoiNumber = 1, RoiName = id, NodalRegion = region, IsIntracranial = intracranial };

    private static Dictionary<string, SiteDecision> Decisions(params SiteDecision[] d) => d.ToDictionary(x => x.SiteId, StringComparer.Ordinal);

    private static readonly SiteRecord[] Sites =
    [
        Site("lung1"), Site("lung2"), Site("n1", "upper-R"), Site("n2", "UPPER-R"), Site("n3", "hilar-L"), Site("brain", intracranial: true),
    ];

    [Fact]
    public void Nodes_count_once_per_region_ignoring_case_and_intracranial_lesions_never()
        => Assert.Equal(4, SiteCounting.CountExtracranial(Sites));

    [Fact]
    public void A_merge_chain_counts_as_the_site_it_ends_in()
    {
        var d = Decisions(new SiteDecision { SiteId = "lung2", MergedInto = "n3" }, new SiteDecision { SiteId = "n3", MergedInto = "lung1" });
        Assert.Equal(2, SiteCounting.CountExtracranial(Sites, d)); // lung1 (+lung2, n3) and upper-R
        Assert.Equal(new SiteGroup(null, "lung1"), SiteCounting.GroupOf(Sites[1], Sites.ToDictionary(s => s.SiteId), d));
    }

    [Fact]
    public void A_merge_cycle_counts_once_whichever_site_it_is_entered_from()
    {
        var d = Decisions(new SiteDecision { SiteId = "lung1", MergedInto = "lung2" }, new SiteDecision { SiteId = "lung2", MergedInto = "lung1" });
        var byId = Sites.ToDictionary(s => s.SiteId);
        Assert.Equal(SiteCounting.GroupOf(Sites[0], byId, d), SiteCounting.GroupOf(Sites[1], byId, d));
        Assert.Equal(3, SiteCounting.CountExtracranial(Sites, d));
    }

    [Fact]
    public void A_split_node_is_its_own_site_and_an_override_moves_a_node_to_another_region()
    {
        Assert.Equal(5, SiteCounting.CountExtracranial(Sites, Decisions(new SiteDecision { SiteId = "n2", CountedSeparately = true })));
        Assert.Equal(3, SiteCounting.CountExtracranial(Sites, Decisions(new SiteDecision { SiteId = "n3", NodalRegionOverride = "upper-R" })));
        Assert.Equal("nodal region upper-R", SiteCounting.GroupOf(Sites[2], Sites.ToDictionary(s => s.SiteId), null).Label);
    }
}
