using System.Runtime.InteropServices;
using ImagingPipeline.Dicom.Imaging;
using ImagingPipeline.Dicom.IO;
using ImagingPipeline.Dicom.Tests.Support;
using Xunit;

namespace ImagingPipeline.Dicom.Tests.IO;

/// <summary>Reading stops before pixel data, and large values stay on disk or in the caller's buffer:
/// parsing a 512×512 CT slice's header does not copy its 512 KiB of pixel data.</summary>
[Collection(nameof(AllocationMeasuringCollection))]
public sealed class LazyReadingTests : IDisposable
{
    private const int PixelBytes = 512 * 512 * 2;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"ip-ct-{Guid.NewGuid():N}.dcm");
    private readonly DicomFile _ct = SyntheticInstances.CtSlice();

    public LazyReadingTests() => _ct.Save(_path);

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Header_only_open_reads_seven_tags_without_touching_pixel_data()
    {
        ReadSevenTags(DicomFile.Open(_path, new DicomReadOptions { StopBeforePixelData = true }));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var file = DicomFile.Open(_path, new DicomReadOptions { StopBeforePixelData = true });
        var tags = ReadSevenTags(file);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(file.IsHeaderOnly);
        Assert.False(file.Dataset.Contains(DicomTag.PixelData));
        Assert.Equal(("PID0001234", "CT", 512, 512, -1024.0, "1.2.826.0.1.3680043.10.1003.2.1", "1.2.826.0.1.3680043.10.1003.1.2"), tags);
        Assert.True(allocated < 32 * 1024, $"header-only open allocated {allocated} bytes");
    }

    [Fact]
    public void Full_open_leaves_pixel_data_on_disk_until_it_is_used()
    {
        DicomFile.Open(_path);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var file = DicomFile.Open(_path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 32 * 1024, $"open allocated {allocated} bytes");

        Assert.True(file.Dataset.TryGetElement(DicomTag.PixelData, out var pixels));
        var deferred = Assert.IsType<DeferredFileElement>(pixels);
        Assert.True(deferred.IsOnDisk);
        Assert.Equal(PixelBytes, deferred.Length);
        var expected = DicomPixelData.Create(_ct).GetStoredValues(0);
        Assert.Equal(expected, DicomPixelData.Create(file).GetStoredValues(0));
        Assert.False(deferred.IsOnDisk);
    }

    [Fact]
    public void A_value_left_on_disk_is_not_read_from_a_file_that_changed()
    {
        var file = DicomFile.Open(_path);
        File.SetLastWriteTimeUtc(_path, DateTime.UtcNow.AddMinutes(5));
        var ex = Assert.Throws<DicomException>(() => file.Dataset.GetBytes(DicomTag.PixelData));
        Assert.Contains("changed since it was parsed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_only_read_from_a_stream_stops_reading_at_pixel_data()
    {
        using var stream = new CountingStream(File.OpenRead(_path), seekable: false);
        var file = DicomFile.Read(stream, new DicomReadOptions { StopBeforePixelData = true });
        Assert.Equal("PID0001234", file.Dataset.GetString(DicomTag.PatientID));
        Assert.True(stream.BytesRead < 32 * 1024, $"read {stream.BytesRead} bytes of {new FileInfo(_path).Length}");
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_read_whole_in_one_pass()
    {
        using var stream = new CountingStream(File.OpenRead(_path), seekable: false);
        var file = DicomFile.Read(stream);
        Assert.Empty(DatasetComparison.Differences(_ct.Dataset, file.Dataset));
    }

    [Fact]
    public void Parsing_a_buffer_slices_it_instead_of_copying()
    {
        var bytes = SyntheticInstances.Encode(_ct);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var file = DicomFile.Parse(bytes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 32 * 1024, $"parse allocated {allocated} bytes");
        Assert.True(MemoryMarshal.TryGetArray(file.Dataset.GetBytes(DicomTag.PixelData), out var segment));
        Assert.Same(bytes, segment.Array);
        Assert.Equal(bytes.Length - PixelBytes, segment.Offset);
    }

    private static (string?, string?, int, int, double, string?, string?) ReadSevenTags(DicomFile file)
    {
        var ds = file.Dataset;
        return (ds.GetString(DicomTag.PatientID), ds.GetString(DicomTag.Modality), ds.GetInt32(DicomTag.Rows), ds.GetInt32(DicomTag.Columns),
            ds.GetDouble(DicomTag.RescaleIntercept), ds.GetString(DicomTag.SOPInstanceUID), ds.GetString(DicomTag.SeriesInstanceUID));
    }
}
