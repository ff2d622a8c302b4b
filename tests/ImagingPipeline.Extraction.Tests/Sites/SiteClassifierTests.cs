using ImagingPipeline.Extraction.Sites;

namespace ImagingPipeline.Extraction.Tests.Sites;

public sealed class SiteClassifierTests
{
    private static readonly NodalRegionMap Regions = new();

    [Theory]
    [InlineData("GTVp1", "GTV", true)]
    [InlineData("Tumour", "ITV", true)]
    [InlineData("GTV_Liver", "", true)]
    [InlineData("GTVn2_LN_4R", null, true)]
    [InlineData("PTV_Liver", "PTV", false)]
    [InlineData("PTVp1", "", false)]
    [InlineData("CTV_Lung", null, false)]
    [InlineData("zGTV_opt", "", false)]
    [InlineData("_GTV", "", false)]
    [InlineData("Lung_L", "ORGAN", false)]
    [InlineData("GTV_Lung", "ORGAN", false)]
    [InlineData("Body", "EXTERNAL", false)]
    public void Lesions_are_chosen_by_type_then_TG263_name(string name, string? type, bool lesion)
        => Assert.Equal(lesion ? RoiRole.Lesion : RoiRole.Ignored, SiteClassifier.RoleOf(name, type, []));

    [Fact]
    public void Forced_names_are_lesions_whatever_their_type()
        => Assert.Equal(RoiRole.Lesion, SiteClassifier.RoleOf("Research_1", "CONTROL", ["research_1"]));

    [Theory]
    [InlineData("GTV_Liver", "liver", null, false)]
    [InlineData("GTVp1_Lung_L", "lung", "L", false)]
    [InlineData("GTV_Brain^met2", "brain", null, true)]
    [InlineData("GTV_Brainstem", "brainstem", null, true)]
    [InlineData("GTV_Cerebellum_R", "cerebellum", "R", true)]
    [InlineData("GTV_Vertebra_T10", "bone", null, false)]
    [InlineData("GTV_Femur_R", "bone", "R", false)]
    [InlineData("GTV_Adrenal_L", "adrenal", "L", false)]
    [InlineData("GTV3", SiteClassifier.Unknown, null, false)]
    public void Organ_and_laterality_come_from_the_name(string name, string organ, string? side, bool intracranial)
    {
        var s = SiteClassifier.Classify(name, null, Regions);
        Assert.Equal(organ, s.Organ);
        Assert.Equal(side, s.Laterality);
        Assert.Equal(intracranial, s.IsIntracranial);
        Assert.False(s.IsNodal);
    }

    [Fact]
    public void Anatomic_code_wins_over_the_name()
    {
        var s = SiteClassifier.Classify("GTV1", "Liver", Regions);
        Assert.Equal("liver", s.Organ);
        Assert.Equal("anatomic-code", s.Source);
    }

    [Theory]
    [InlineData("GTVn1_4R", "4R", "upper mediastinal R")]
    [InlineData("GTVn2_LN_2R", "2R", "upper mediastinal R")]
    [InlineData("GTVn_7", "7", "subcarinal")]
    [InlineData("GTV_LN_10L", "10L", "hilar/interlobar L")]
    [InlineData("GTVn3_3a", "3a", "upper mediastinal")]
    [InlineData("GTVn_5", "5", "aortopulmonary")]
    [InlineData("GTVn_LN_Iliac_Ext_L", "LN_Iliac_Ext_L", "LN_Iliac_Ext_L")]
    [InlineData("GTVn1_LN_Sclav", "LN_Sclav", "LN_Sclav")]
    public void Nodes_get_a_station_and_region(string name, string station, string region)
    {
        var s = SiteClassifier.Classify(name, null, Regions);
        Assert.True(s.IsNodal);
        Assert.Equal(SiteClassifier.LymphNode, s.Organ);
        Assert.Equal(station, s.LymphNodeStation);
        Assert.Equal(region, s.NodalRegion);
    }

    [Fact]
    public void Region_mapping_is_configurable()
    {
        var map = new NodalRegionMap(new Dictionary<string, string> { ["4R"] = "mediastinum", ["2R"] = "mediastinum" });
        Assert.Equal("mediastinum", SiteClassifier.Classify("GTVn1_4R", null, map).NodalRegion);
        Assert.Equal("upper mediastinal L", SiteClassifier.Classify("GTVn1_4L", null, map).NodalRegion);
    }

    [Fact]
    public void Counting_takes_nodes_once_per_region_and_brain_apart()
    {
        var lesions = new[]
        {
            "GTV_Liver", "GTVp1_Lung_L", "GTVn1_4R", "GTVn2_2R", "GTVn3_7", "GTV_Brain", "GTV_Cerebellum", "GTV_Femur_R",
        }.Select(n => SiteClassifier.Classify(n, null, Regions));
        var (extra, intra) = SiteCounter.Count(lesions);
        Assert.Equal(5, extra); // liver, lung, femur, upper mediastinal R (4R+2R), subcarinal
        Assert.Equal(2, intra);
    }
}
