using BenchmarkDotNet.Attributes;
using ImagingPipeline.Dicom;
using ImagingPipeline.Dicom.Tests.Support;

namespace ImagingPipeline.Benchmarks;

/// <summary>
/// Parsing from the page cache: a 512×512 CT slice (header only: open, parse, read 7 tags; and in full,
/// pixel data read into memory) and an RT Structure Set with 50,000 contour points (10 ROIs × 50
/// contours × 100 points; parsed in full, and with every contour point read as a number). The inputs
/// are generated in the setup and read once before measuring.
/// </summary>
public class DicomParsingBenchmarks
{
    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforePixelData = true };
    private static readonly DicomReadOptions Everything = new() { LargeValueThreshold = int.MaxValue };
    private string _folder = "";
    private string _ct = "";
    private string _rtstruct = "";

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("ip-dicom-bench-").FullName;
        _ct = Path.Combine(_folder, "ct.dcm");
        _rtstruct = Path.Combine(_folder, "rtstruct.dcm");
        SyntheticInstances.CtSlice().Save(_ct);
        SyntheticInstances.StructureSet(rois: 10, contoursPerRoi: 50, pointsPerContour: 100).Save(_rtstruct);
        File.ReadAllBytes(_ct);
        File.ReadAllBytes(_rtstruct);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Description = "CT 512² header only, 7 tags")]
    public int CtHeaderOnly()
    {
        var ds = DicomFile.Open(_ct, HeaderOnly).Dataset;
        return ds.GetString(DicomTag.PatientID)!.Length + ds.GetString(DicomTag.StudyInstanceUID)!.Length
            + ds.GetString(DicomTag.SeriesInstanceUID)!.Length + ds.GetString(DicomTag.SOPInstanceUID)!.Length
            + ds.GetString(DicomTag.Modality)!.Length + ds.GetInt32(DicomTag.Rows) + (int)ds.GetDouble(DicomTag.RescaleIntercept);
    }

    [Benchmark(Description = "CT 512² full (pixel data in memory)")]
    public int CtFull()
    {
        var ds = DicomFile.Open(_ct, Everything).Dataset;
        return ds.GetBytes(DicomTag.PixelData).Length + ds.GetInt32(DicomTag.Rows);
    }

    [Benchmark(Description = "RTSTRUCT 50,000 points full")]
    public int StructureSetFull() => DicomFile.Open(_rtstruct, Everything).Dataset.GetSequence(DicomTag.ROIContourSequence).Count;

    [Benchmark(Description = "RTSTRUCT 50,000 points, every point read")]
    public double StructureSetPoints()
    {
        var sum = 0.0;
        foreach (var roi in DicomFile.Open(_rtstruct, Everything).Dataset.GetSequence(DicomTag.ROIContourSequence))
        {
            foreach (var contour in roi.GetSequence(DicomTag.ContourSequence))
            {
                foreach (var value in contour.GetDoubles(DicomTag.ContourData))
                {
                    sum += value;
                }
            }
        }

        return sum;
    }
}
