using ImagingPipeline.Phantoms.Geometry;
using ImagingPipeline.Phantoms.Specs;

namespace ImagingPipeline.Extraction.Benchmarks;

/// <summary>
/// The study of the extraction performance goal: 300 CT slices of 512×512, 300 PET slices of
/// 192×192 in the same frame, and an RT structure set with 10 lesions of 40 contours each
/// (128 points per contour).
/// </summary>
internal static class BenchmarkStudy
{
    public const int Lesions = 10;

    public static PatientSpec Create()
    {
        var date = new DateTime(2026, 4, 1, 9, 30, 0);
        var lesions = Enumerable.Range(0, Lesions).Select(i => new PhantomStructure
        {
            Name = $"GTV{i + 1}",
            // z semi-axis 40 mm with the centre between two 2 mm planes: 40 contour planes.
            Solids = [new Ellipsoid(new PointMm(i % 2 == 0 ? -70 + (3 * i) : 60 - (2 * i), -20 + (4 * i), -240 + (52 * i)), 15 + i, 12 + i, 40)],
            Suv = 5 + i,
            Vertices = 128,
            Site = new SiteExpectation { Organ = "unknown — review" },
        }).ToList();
        return new PatientSpec
        {
            PatientId = "BENCH-0001",
            Seed = "extraction-benchmark-1",
            Frames = [new FrameSpec("petct", RigidTransform.Identity)],
            Studies =
            [
                new StudySpec
                {
                    Key = "petct",
                    Description = "Benchmark PET/CT",
                    StudyDateTime = date,
                    FrameKey = "petct",
                    Anatomy = lesions,
                    Ct = new CtSeriesSpec { Grid = new ImageGridSpec { Rows = 512, Columns = 512, PixelSpacingMm = 500 / 512.0, SliceSpacingMm = 2, SliceCount = 300 } },
                    Pet = new PetSeriesSpec
                    {
                        Grid = new ImageGridSpec { Rows = 192, Columns = 192, PixelSpacingMm = 700 / 192.0, SliceSpacingMm = 2, SliceCount = 300 },
                        Acquisition = new PetAcquisitionSpec { Injection = date.AddMinutes(-61), SeriesStart = date, SlicesPerBed = 50 },
                    },
                    StructureSet = new StructureSetSpec { PetStudyKey = "petct" },
                },
            ],
        };
    }
}
