using ImagingPipeline.Phantoms;
using ImagingPipeline.Phantoms.Geometry;
using ImagingPipeline.Phantoms.Specs;
using ImagingPipeline.Phantoms.Truth;

namespace ImagingPipeline.TestSupport.Phantoms;

/// <summary>
/// A small baseline PET/CT of 50 instances (33 CT slices, 16 PET slices, one structure set with a
/// lung lesion and a liver lesion), quick to generate, push and extract: for tests that need many
/// complete studies (load, faults) rather than anatomy. Every patient gets its own UIDs from its
/// seed, and the identifying values the caller gives, so a test can look for them in the logs.
/// </summary>
public static class SmallPatient
{
    public const string StudyKey = "baseline";
    public const int InstanceCount = 50;

    /// <summary>The identifying attributes written into every instance of the patient.</summary>
    public sealed record Identity(string PatientId, string PatientName, DateOnly BirthDate);

    /// <summary>Writes the patient under <paramref name="folder"/>; returns the truth and the full paths of its files.</summary>
    public static (PhantomTruth Truth, IReadOnlyList<string> Files) Write(Identity identity, string seed, string folder)
    {
        var truth = PhantomGenerator.Write(Create(identity, seed), folder);
        IReadOnlyList<string> files = [.. truth.Files.Select(f => Path.Combine(folder, f))];
        if (files.Count != InstanceCount)
        {
            throw new InvalidOperationException($"the small patient has {files.Count} files, not {InstanceCount}");
        }

        return (truth, files);
    }

    public static PatientSpec Create(Identity identity, string seed)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var date = new DateTime(2026, 2, 3, 9, 15, 0);
        IReadOnlyList<PhantomStructure> anatomy =
        [
            new PhantomStructure
            {
                Name = "GTV1_Lung_R",
                Solids = [Ellipsoid.Sphere(new PointMm(-30, 0, 10), 12)],
                Suv = 8,
                Hu = 40,
                Site = new SiteExpectation { Organ = "lung", Laterality = "R" },
            },
            new PhantomStructure
            {
                Name = "GTV2_Liver",
                Solids = [Ellipsoid.Sphere(new PointMm(25, 10, -20), 9)],
                Suv = 6,
                Hu = 50,
                Site = new SiteExpectation { Organ = "liver" },
            },
            new PhantomStructure { Name = "Lung_R", InterpretedType = "ORGAN", Solids = [new Ellipsoid(new PointMm(-30, 0, 10), 25, 30, 40)], Suv = 0.4, Hu = -800 },
            new PhantomStructure { Name = "Liver", InterpretedType = "ORGAN", Solids = [new Ellipsoid(new PointMm(25, 10, -20), 28, 25, 25)], Suv = 2, Hu = 60 },
        ];

        return new PatientSpec
        {
            PatientId = identity.PatientId,
            PatientName = identity.PatientName,
            BirthDate = identity.BirthDate,
            Seed = seed,
            Frames = [new FrameSpec(StudyKey, RigidTransform.Identity)],
            Studies =
            [
                new StudySpec
                {
                    Key = StudyKey,
                    Description = "Baseline PET/CT",
                    StudyDateTime = date,
                    FrameKey = StudyKey,
                    Anatomy = anatomy,
                    Ct = new CtSeriesSpec { Grid = Grid(3, 3, 33) },
                    Pet = new PetSeriesSpec
                    {
                        Grid = Grid(6, 4, 16),
                        Acquisition = new PetAcquisitionSpec { Injection = date.AddMinutes(-65), SeriesStart = date, SlicesPerBed = 8 },
                    },
                    StructureSet = new StructureSetSpec { PetStudyKey = StudyKey },
                },
            ],
            Body = new BodyOutline { SemiAxisXMm = 60, SemiAxisYMm = 45 },
        };
    }

    private static ImageGridSpec Grid(double pixel, double slice, int count) => new()
    {
        Rows = (int)(120 / pixel),
        Columns = (int)(126 / pixel),
        PixelSpacingMm = pixel,
        SliceSpacingMm = slice,
        SliceCount = count,
    };
}
