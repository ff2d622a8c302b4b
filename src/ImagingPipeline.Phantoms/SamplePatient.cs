using ImagingPipeline.Phantoms.Geometry;
using ImagingPipeline.Phantoms.Specs;

namespace ImagingPipeline.Phantoms;

/// <summary>
/// The sample patient of sample-dicom/: a baseline PET/CT with its structure set, a follow-up PET/CT
/// four months later, and a planning CT in its own frame (rotated and shifted) six days after the
/// follow-up, with a structure set and a Spatial Registration object that maps the follow-up frame
/// into the planning frame. Sites: lung primary, liver, rib, adrenal, two nodes of one IASLC zone
/// (4R, 2R), one brain metastasis inside the Brain structure; a PTV and organs.
/// </summary>
public static class SamplePatient
{
    public const string PatientId = "SAMPLE-0001";

    private static readonly ImageGridSpec FollowUpPet = new()
    {
        Rows = 64, Columns = 64, PixelSpacingMm = 7, SliceSpacingMm = 6, SliceCount = 64, CentreMm = new PointMm(0, 0, 55),
    };

    private static readonly PointMm BaselineShift = new(0, 14, -24);

    public static PatientSpec Create()
    {
        var planning = RigidTransform.Create(3, 0, new PointMm(-20, 35, 80));
        var baseline = RigidTransform.Translate(BaselineShift);
        var baselineDate = new DateTime(2025, 9, 10, 8, 30, 0);
        var followUpDate = new DateTime(2026, 1, 14, 9, 0, 0);
        var planningDate = new DateTime(2026, 1, 20, 14, 0, 0);
        return new PatientSpec
        {
            PatientId = PatientId,
            PatientName = "SAMPLE^OLIGO",
            Sex = "M",
            BirthDate = new DateOnly(1958, 6, 1),
            WeightKg = 74,
            HeightM = 1.78,
            Seed = "imagingpipeline-sample-1",
            Frames =
            [
                new FrameSpec("followup", RigidTransform.Identity),
                new FrameSpec("baseline", baseline),
                new FrameSpec("planning", planning),
            ],
            Studies =
            [
                PetCt("baseline", "Baseline PET/CT", baselineDate, Anatomy(followUp: false), FollowUpPet with { CentreMm = FollowUpPet.CentreMm + BaselineShift }),
                PetCt("followup", "Follow-up PET/CT", followUpDate, Anatomy(followUp: true), FollowUpPet) with { StructureSet = null },
                new StudySpec
                {
                    Key = "planning",
                    Description = "SBRT planning CT",
                    StudyDateTime = planningDate,
                    FrameKey = "planning",
                    Anatomy = [.. Anatomy(followUp: true), Ptv()],
                    Ct = new CtSeriesSpec { Grid = Ct(planning.Apply(new PointMm(0, 0, 55))) },
                    StructureSet = new StructureSetSpec { Label = "SBRT", PetStudyKey = "followup" },
                    Registrations = [new RegistrationSpec { RegisteredFrameKey = "planning", MovingFrameKeys = ["followup"] }],
                },
            ],
        };
    }

    private static StudySpec PetCt(string key, string description, DateTime date, IReadOnlyList<PhantomStructure> anatomy, ImageGridSpec petGrid) => new()
    {
        Key = key,
        Description = description,
        StudyDateTime = date,
        FrameKey = key,
        Anatomy = anatomy,
        Ct = new CtSeriesSpec { Grid = Ct(petGrid.CentreMm) },
        Pet = new PetSeriesSpec
        {
            Grid = petGrid,
            Acquisition = new PetAcquisitionSpec
            {
                InjectedDoseBq = 262e6,
                Injection = date.AddMinutes(-62).AddSeconds(-20),
                SeriesStart = date,
                SlicesPerBed = 14,
                FrameDurationSeconds = 150,
            },
        },
        StructureSet = new StructureSetSpec { Label = "PETCT", PetStudyKey = key },
    };

    private static ImageGridSpec Ct(PointMm centre) => new()
    {
        Rows = 128, Columns = 128, PixelSpacingMm = 3.5, SliceSpacingMm = 5, SliceCount = 78, CentreMm = centre,
    };

    /// <summary>A lesion centre on a voxel centre of the follow-up PET, so its hottest voxel is its centre.</summary>
    private static PointMm OnPetVoxel(double x, double y, double z) => FollowUpPet.NearestVoxelCentre(new PointMm(x, y, z));

    private static IReadOnlyList<PhantomStructure> Anatomy(bool followUp)
    {
        var lesions = new List<PhantomStructure>
        {
            Lesion("GTVp1_Lung_R", Ellipsoid.Sphere(OnPetVoxel(-80, 0, 40), followUp ? 32 : 22), followUp ? 9.5 : 7.0,
                new SiteExpectation { Organ = "lung", Laterality = "R" }),
            Lesion("GTV2_Liver", new Ellipsoid(OnPetVoxel(-60, 10, -80), 15, 13, 12), 6.0, new SiteExpectation { Organ = "liver" }),
            Lesion("GTV3_Rib_L", Ellipsoid.Sphere(OnPetVoxel(145, 30, 10), 18), 5.0, new SiteExpectation { Organ = "bone", Laterality = "L" }),
            Lesion("GTVn1_4R", followUp ? new Ellipsoid(OnPetVoxel(-20, 10, 70), 11, 9, 10) : new Ellipsoid(OnPetVoxel(-20, 10, 70), 8, 6, 7), followUp ? 8.0 : 4.5,
                new SiteExpectation { Organ = "lymph node", Laterality = "R", LymphNodeStation = "4R", NodalRegion = "upper mediastinal R" }),
        };
        if (followUp)
        {
            lesions.Add(Lesion("GTV4_Adrenal_L", Ellipsoid.Sphere(OnPetVoxel(50, 60, -110), 20), 7.0, new SiteExpectation { Organ = "adrenal", Laterality = "L" }));
            lesions.Add(Lesion("GTVn2_2R", Ellipsoid.Sphere(OnPetVoxel(-15, 5, 100), 16), 6.5,
                new SiteExpectation { Organ = "lymph node", Laterality = "R", LymphNodeStation = "2R", NodalRegion = "upper mediastinal R" }));
            lesions.Add(Lesion("GTV5", Ellipsoid.Sphere(OnPetVoxel(30, 0, 200), 14), 14.0, new SiteExpectation { Organ = "brain", IsIntracranial = true }));
        }

        return
        [
            .. lesions,
            Organ("Brain", new Ellipsoid(new PointMm(0, 0, 200), 65, 80, 45), 6.5, 35, (255, 230, 180)),
            Organ("Lung_R", new Ellipsoid(new PointMm(-80, 0, 45), 55, 70, 80), 0.4, -800, (0, 160, 255)),
            Organ("Lung_L", new Ellipsoid(new PointMm(80, 0, 45), 55, 70, 80), 0.4, -800, (0, 200, 255)),
            Organ("Liver", new Ellipsoid(new PointMm(-60, 10, -85), 75, 70, 50), 2.2, 60, (160, 80, 40)),
        ];
    }

    private static PhantomStructure Ptv()
    {
        var gtv = Ellipsoid.Sphere(OnPetVoxel(-80, 0, 40), 32);
        return new PhantomStructure
        {
            Name = "PTV_Lung_R",
            InterpretedType = "PTV",
            Solids = [gtv.Grow(5)],
            AffectsImages = false,
            Color = (255, 128, 0),
        };
    }

    private static PhantomStructure Lesion(string name, Ellipsoid shape, double suv, SiteExpectation site) => new()
    {
        Name = name,
        InterpretedType = "GTV",
        Solids = [shape],
        Suv = suv,
        Hu = 45,
        Color = (255, 0, 0),
        Site = site,
    };

    private static PhantomStructure Organ(string name, Ellipsoid shape, double suv, double hu, (int, int, int) color) => new()
    {
        Name = name,
        InterpretedType = "ORGAN",
        Solids = [shape],
        Suv = suv,
        Hu = hu,
        Color = color,
    };
}
