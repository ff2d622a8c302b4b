using System.Diagnostics;
using Xunit;

namespace ImagingPipeline.Dicom.Tests.Bugs;

/// <summary>GetDoubles on a DS value looked each value up from the start of the text, so reading the
/// contour points of an RT structure set took time quadratic in the points per contour (half a second
/// for 50,000 points). A value with 200,000 numbers must read in linear time.</summary>
public sealed class LongDecimalStringsAreReadInOnePass
{
    [Fact]
    public void Two_hundred_thousand_numbers_read_quickly()
    {
        var values = Enumerable.Range(0, 200_000).Select(i => i * 0.25 - 1000).ToArray();
        var ds = new DicomDataset().AddOrUpdate(DicomTag.ContourData, DicomVR.DS, values);
        var watch = Stopwatch.StartNew();
        var read = ds.GetDoubles(DicomTag.ContourData);
        watch.Stop();
        Assert.Equal(values, read);

        // One pass takes milliseconds; the quadratic lookup took minutes for this many values.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }
}
