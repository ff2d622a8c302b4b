using ImagingPipeline.Phantoms.Geometry;
using ImagingPipeline.Phantoms.Specs;

namespace ImagingPipeline.ReviewPageBenchmark;

/// <summary>
/// One whole-body PET/CT of 300 slices (CT 512 × 512 at 0.98 mm, PET 192 × 192 at 3.65 mm, both
/// 3 mm apart) with an RT structure set of 10 lesions across lungs, liver, bone, adrenal, three
/// nodal stations and the brain, plus organs.
/// </summary>
internal static class BenchmarkPatient
{
    public static PatientSpec Create(int slices, int ctMatrix)
    {
        var date = new DateTime(2026, 2, 2, 9, 0, 0);
        var centre = new PointMm(0, 0, 0);
        PhantomStructure Lesion(string name, PointMm at, double diameter, double suv, SiteExpectation site) => new()
        {
            Name = name, InterpretedType = "GTV", Solids = [Ellipsoid.Sphere(at, diameter)], Suv = suv, Hu = 45, Site = site,
        };
        PhantomStructure Organ(string name, Ellipsoid shape, double suv, double hu) => new()
        {
            Name = name, InterpretedType = "ORGAN", Solids = [shape], Suv = suv, Hu = hu, Color = (0, 160, 255),
        };
        var anatomy = new List<PhantomStructure>
        {
            Lesion("GTVp1_Lung_R", new PointMm(-80, 0, 120), 30, 9.5, new SiteExpectation { Organ = "lung", Laterality = "R" }),
            Lesion("GTV2_Lung_L", new PointMm(85, 10, 90), 16, 5.5, new SiteExpectation { Organ = "lung", Laterality = "L" }),
            Lesion("GTV3_Liver", new PointMm(-60, 10, -60), 26, 6.0, new SiteExpectation { Organ = "liver" }),
            Lesion("GTV4_Liver", new PointMm(-30, 30, -90), 18, 5.0, new SiteExpectation { Organ = "liver" }),
            Lesion("GTV5_Rib_L", new PointMm(145, 30, 60), 20, 5.0, new SiteExpectation { Organ = "bone", Laterality = "L" }),
            Lesion("GTV6_Adrenal_R", new PointMm(-50, 60, -130), 22, 7.0, new SiteExpectation { Organ = "adrenal", Laterality = "R" }),
            Lesion("GTVn1_4R", new PointMm(-20, 10, 150), 18, 8.0, new SiteExpectation { Organ = "lymph node", Laterality = "R", LymphNodeStation = "4R" }),
            Lesion("GTVn2_7", new PointMm(0, 30, 110), 16, 6.5, new SiteExpectation { Organ = "lymph node", LymphNodeStation = "7" }),
            Lesion("GTVn3_10L", new PointMm(40, 20, 100), 14, 6.0, new SiteExpectation { Organ = "lymph node", Laterality = "L", LymphNodeStation = "10L" }),
            Lesion("GTV7", new PointMm(30, 0, 370), 14, 14.0, new SiteExpectation { Organ = "brain", IsIntracranial = true }),
            Organ("Brain", new Ellipsoid(new PointMm(0, 0, 370), 65, 80, 50), 6.5, 35),
            Organ("Lung_R", new Ellipsoid(new PointMm(-80, 0, 110), 55, 70, 110), 0.4, -800),
            Organ("Lung_L", new Ellipsoid(new PointMm(80, 0, 110), 55, 70, 110), 0.4, -800),
            Organ("Liver", new Ellipsoid(new PointMm(-60, 10, -70), 75, 70, 60), 2.2, 60),
        };
        var ctGrid = new ImageGridSpec { Rows = ctMatrix, Columns = ctMatrix, PixelSpacingMm = 500.0 / ctMatrix, SliceSpacingMm = 3, SliceCount = slices, CentreMm = centre };
        var petGrid = new ImageGridSpec { Rows = 192, Columns = 192, PixelSpacingMm = 3.65, SliceSpacingMm = 3, SliceCount = slices, CentreMm = centre };
        return new PatientSpec
        {
            PatientId = "BENCH-0300",
            PatientName = "BENCHMARK^WHOLEBODY",
            Seed = $"review-page-benchmark-{slices}-{ctMatrix}",
            Frames = [new FrameSpec("petct", RigidTransform.Identity)],
            Studies =
            [
                new StudySpec
                {
                    Key = "petct",
                    Description = "Whole-body PET/CT",
                    StudyDateTime = date,
                    FrameKey = "petct",
                    Anatomy = anatomy,
                    Ct = new CtSeriesSpec { Grid = ctGrid },
                    Pet = new PetSeriesSpec
                    {
                        Grid = petGrid,
                        Acquisition = new PetAcquisitionSpec { InjectedDoseBq = 262e6, Injection = date.AddMinutes(-62), SeriesStart = date, SlicesPerBed = 50 },
                    },
                    StructureSet = new StructureSetSpec { Label = "PETCT", PetStudyKey = "petct" },
                },
            ],
        };
    }
}
