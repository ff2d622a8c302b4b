using ImagingPipeline.Phantoms.Geometry;
using ImagingPipeline.Phantoms.Specs;

namespace ImagingPipeline.Extraction.Tests.Acceptance;

/// <summary>
/// One generated test patient: a single lesion (sphere or ellipsoid, with a hole or an island) in a
/// body, one PET/CT, and optionally a planning CT in a rotated and shifted frame with a registration.
/// The lesion is centred on a PET voxel so its hottest voxel is its centre.
/// </summary>
public sealed record PhantomCase(string Name)
{
    public double DiameterMm { get; init; } = 20;

    public bool Ellipsoidal { get; init; }

    public bool Hole { get; init; }

    public bool Island { get; init; }

    public PatientPosition Position { get; init; } = PatientPosition.HeadFirstSupine;

    public double CtPixelMm { get; init; } = 2;

    public double CtSliceMm { get; init; } = 2;

    public double PetPixelMm { get; init; } = 4;

    public double PetSliceMm { get; init; } = 4;

    public DecayCorrectionMode Decay { get; init; } = DecayCorrectionMode.Start;

    public bool DoseInMBq { get; init; }

    public bool MidnightCrossing { get; init; }

    public bool PerSliceSlope { get; init; } = true;

    public PlanningSetup Planning { get; init; } = PlanningSetup.SameFrame;

    public double RotationZDegrees { get; init; } = 7;

    public double RotationXDegrees { get; init; }

    public PhantomTransferSyntax Syntax { get; init; } = PhantomTransferSyntax.ExplicitVRLittleEndian;

    public const double LesionSuv = 8;

    public override string ToString() => Name;

    public PatientSpec Build()
    {
        var petGrid = Grid(PetPixelMm, PetSliceMm, default);
        var centre = petGrid.NearestVoxelCentre(new PointMm(3, -5, 1));
        var lesion = Lesion(centre);
        var scanDay = MidnightCrossing ? new DateTime(2026, 2, 3, 0, 40, 0) : new DateTime(2026, 2, 3, 10, 15, 0);
        var frames = new List<FrameSpec> { new("pet", RigidTransform.Identity) };
        var planning = RigidTransform.Create(RotationZDegrees, RotationXDegrees, new PointMm(12, -8, 30));
        var petStudy = new StudySpec
        {
            Key = "petct",
            Description = "PET/CT",
            StudyDateTime = scanDay,
            FrameKey = "pet",
            Anatomy = [lesion],
            Ct = new CtSeriesSpec { Grid = Grid(CtPixelMm, CtSliceMm, default), TransferSyntax = Syntax },
            Pet = new PetSeriesSpec
            {
                Grid = petGrid,
                TransferSyntax = Syntax,
                Acquisition = new PetAcquisitionSpec
                {
                    DecayCorrection = Decay,
                    DoseWrittenInMBq = DoseInMBq,
                    InjectedDoseBq = 310e6,
                    Injection = scanDay.AddMinutes(-65),
                    SeriesStart = scanDay,
                    InjectionTimeOnly = MidnightCrossing,
                    PerSliceRescaleSlope = PerSliceSlope,
                    SlicesPerBed = 10,
                },
            },
            StructureSet = Planning == PlanningSetup.SameFrame ? new StructureSetSpec { PetStudyKey = "petct", TransferSyntax = Syntax } : null,
        };
        if (Planning == PlanningSetup.SameFrame)
        {
            return Patient(frames, [petStudy]);
        }

        frames.Add(new FrameSpec("plan", planning));
        IReadOnlyList<RegistrationSpec> registrations = Planning switch
        {
            PlanningSetup.RegistrationIntoPlanning => [new RegistrationSpec { RegisteredFrameKey = "plan", MovingFrameKeys = ["pet"], TransferSyntax = Syntax }],
            PlanningSetup.RegistrationIntoPet => [new RegistrationSpec { RegisteredFrameKey = "pet", MovingFrameKeys = ["plan"], TransferSyntax = Syntax }],
            _ =>
            [
                new RegistrationSpec { RegisteredFrameKey = "mid", MovingFrameKeys = ["plan"], IncludeIdentityItem = false },
                new RegistrationSpec { RegisteredFrameKey = "pet", MovingFrameKeys = ["mid"] },
            ],
        };
        if (Planning == PlanningSetup.TwoHops)
        {
            frames.Add(new FrameSpec("mid", RigidTransform.Create(-20, 0, new PointMm(-40, 15, -60))));
        }

        var planningStudy = new StudySpec
        {
            Key = "planning",
            Description = "Planning CT",
            StudyDateTime = scanDay.AddDays(5),
            FrameKey = "plan",
            Anatomy = [lesion],
            Ct = new CtSeriesSpec { Grid = Grid(CtPixelMm, CtSliceMm, planning.Apply(centre)), TransferSyntax = Syntax },
            StructureSet = new StructureSetSpec { PetStudyKey = "petct", TransferSyntax = Syntax },
            Registrations = registrations,
        };
        return Patient(frames, [petStudy, planningStudy]);
    }

    private PatientSpec Patient(List<FrameSpec> frames, IReadOnlyList<StudySpec> studies) => new()
    {
        PatientId = "TEST-" + Name,
        Seed = "extraction-tests/" + Name,
        Frames = frames,
        Studies = studies,
        Body = new BodyOutline { SemiAxisXMm = 58, SemiAxisYMm = 46 },
    };

    private ImageGridSpec Grid(double pixel, double slice, PointMm centre) => new()
    {
        Rows = Even(120 / pixel),
        Columns = Even(128 / pixel),
        PixelSpacingMm = pixel,
        SliceSpacingMm = slice,
        SliceCount = (int)Math.Round(Math.Max(80, DiameterMm * 2.2) / slice),
        CentreMm = centre,
        Position = Position,
    };

    private static int Even(double n) => 2 * (int)Math.Round(n / 2);

    private PhantomStructure Lesion(PointMm centre)
    {
        var r = DiameterMm / 2;
        var main = Ellipsoidal ? new Ellipsoid(centre, r, r * 0.7, r * 0.85) : Ellipsoid.Sphere(centre, DiameterMm);
        IReadOnlyList<Ellipsoid> solids = Island
            ? [main, Ellipsoid.Sphere(centre + new PointMm(DiameterMm * 0.9, 0, DiameterMm * 0.3), DiameterMm * 0.6)]
            : [main];
        return new PhantomStructure
        {
            Name = "GTV1_Liver",
            Solids = solids,
            Holes = Hole ? [Ellipsoid.Sphere(centre, DiameterMm * 0.45)] : [],
            Suv = LesionSuv,
            Hu = 50,
            Site = new SiteExpectation { Organ = "liver" },
        };
    }
}
