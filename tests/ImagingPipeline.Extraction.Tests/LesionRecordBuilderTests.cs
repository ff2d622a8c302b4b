using ImagingPipeline.Extraction.Geometry;
using ImagingPipeline.Extraction.Pet;
using ImagingPipeline.Extraction.Sites;

namespace ImagingPipeline.Extraction.Tests;

public sealed class LesionRecordBuilderTests
{
    private static readonly RoiGeometry Cube = RoiGeometry.Measure(
        Enumerable.Range(0, 5).Select(k => new PlanarContour([new(0, 0, 2 * k), new(10, 0, 2 * k), new(10, 10, 2 * k), new(0, 10, 2 * k)])).ToList(), null);

    private static LesionPetMetrics Pet(double mtv) => new() { SuvMax = 8, SuvMean = 4, SuvPeak = 6, VoxelCount = 10, MtvCc = mtv };

    [Fact]
    public void Record_carries_geometry_site_and_pet()
    {
        var site = SiteClassifier.Classify("GTVn1_4R", null, new NodalRegionMap());
        var r = LesionRecordBuilder.Build("1.2.3", 7, "GTVn1_4R", "GTV", Cube, site, Pet(1.1), null, "9.9");
        Assert.Equal("1.2.3/7", r.SiteId);
        Assert.Equal(1.0, r.VolumeCc!.Value, 9);
        Assert.Equal([5.0, 5.0, 4.0], r.CentroidMm);
        Assert.Equal("upper mediastinal R", r.NodalRegion);
        Assert.Equal(4.4, r.Tlg!.Value, 9);
        Assert.Empty(r.Warnings);
    }

    [Fact]
    public void Mask_volume_far_from_polygon_volume_and_missing_SUV_are_warned()
    {
        var site = SiteClassifier.Classify("GTV_Liver", null, new NodalRegionMap());
        var far = LesionRecordBuilder.Build("1.2.3", 1, "GTV_Liver", null, Cube, site, Pet(0.5), null, null);
        Assert.Contains(far.Warnings, w => w.Contains("20 %", StringComparison.Ordinal));
        var none = LesionRecordBuilder.Build("1.2.3", 1, "GTV_Liver", null, Cube, site, null, "patient weight missing or 0", null);
        Assert.Null(none.SuvMax);
        Assert.Contains(none.Warnings, w => w.Contains("weight", StringComparison.Ordinal));
    }
}
