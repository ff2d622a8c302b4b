using ImagingPipeline.Phantoms.Geometry;
using ImagingPipeline.Phantoms.Specs;

namespace ImagingPipeline.Phantoms.Tests;

/// <summary>
/// A small patient that exercises what the sample does not: every transfer syntax, FFS/HFP/FFP,
/// decay ADMIN and NONE, dose in MBq, injection time only across midnight, a hole, islands and
/// registrations over two hops without identity items.
/// </summary>
internal static class VariantPatient
{
    public static PatientSpec Create()
    {
        var centre = new PointMm(4, -6, 2);
        IReadOnlyList<PhantomStructure> anatomy =
        [
            new PhantomStructure
            {
                Name = "GTV1",
                InterpretedType = "",
                Solids = [Ellipsoid.Sphere(centre, 24), Ellipsoid.Sphere(centre + new PointMm(24, 0, 6), 12)],
                Holes = [Ellipsoid.Sphere(centre, 10)],
                Suv = 7,
            },
            new PhantomStructure { Name = "Liver", InterpretedType = "ORGAN", Solids = [new Ellipsoid(new PointMm(-20, 10, 0), 25, 20, 30)], Suv = 2 },
        ];
        var day = new DateTime(2026, 3, 9, 0, 30, 0);
        StudySpec Study(string key, PatientPosition position, PhantomTransferSyntax syntax, DecayCorrectionMode decay, int dayOffset) => new()
        {
            Key = key,
            Description = key,
            StudyDateTime = day.AddDays(dayOffset),
            FrameKey = key,
            Anatomy = anatomy,
            Ct = new CtSeriesSpec { Grid = Grid(3, 3, 24, position), TransferSyntax = syntax },
            Pet = new PetSeriesSpec
            {
                Grid = Grid(6, 4, 16, position),
                TransferSyntax = syntax,
                Acquisition = new PetAcquisitionSpec
                {
                    DecayCorrection = decay,
                    DoseWrittenInMBq = true,
                    Injection = day.AddDays(dayOffset).AddMinutes(-70),
                    SeriesStart = day.AddDays(dayOffset),
                    InjectionTimeOnly = true,
                    PerSliceRescaleSlope = decay != DecayCorrectionMode.Admin,
                    SlicesPerBed = 6,
                },
            },
            StructureSet = new StructureSetSpec { PetStudyKey = key, TransferSyntax = syntax },
        };

        return new PatientSpec
        {
            PatientId = "VARIANTS",
            Sex = "F",
            Seed = "phantom-tests/variants",
            Frames =
            [
                new FrameSpec("implicit", RigidTransform.Identity),
                new FrameSpec("bigendian", RigidTransform.Create(0, 0, new PointMm(0, 5, -12))),
                new FrameSpec("prone", RigidTransform.Create(-4, 6, new PointMm(3, -2, 40))),
                new FrameSpec("between", RigidTransform.Create(10, 0, new PointMm(-30, 0, 0))),
            ],
            Studies =
            [
                Study("implicit", PatientPosition.FeetFirstSupine, PhantomTransferSyntax.ImplicitVRLittleEndian, DecayCorrectionMode.None, 0),
                Study("bigendian", PatientPosition.HeadFirstProne, PhantomTransferSyntax.ExplicitVRBigEndian, DecayCorrectionMode.Admin, 60),
                Study("prone", PatientPosition.FeetFirstProne, PhantomTransferSyntax.ExplicitVRLittleEndian, DecayCorrectionMode.Start, 120) with
                {
                    Registrations =
                    [
                        new RegistrationSpec { RegisteredFrameKey = "between", MovingFrameKeys = ["prone"], IncludeIdentityItem = false, TransferSyntax = PhantomTransferSyntax.ImplicitVRLittleEndian },
                        new RegistrationSpec { RegisteredFrameKey = "bigendian", MovingFrameKeys = ["between"], TransferSyntax = PhantomTransferSyntax.ExplicitVRBigEndian },
                    ],
                },
            ],
            Body = new BodyOutline { SemiAxisXMm = 60, SemiAxisYMm = 45 },
        };
    }

    private static ImageGridSpec Grid(double pixel, double slice, int count, PatientPosition position) => new()
    {
        Rows = (int)(120 / pixel),
        Columns = (int)(126 / pixel),
        PixelSpacingMm = pixel,
        SliceSpacingMm = slice,
        SliceCount = count,
        Position = position,
    };
}
