using ImagingPipeline.Contracts;
using ImagingPipeline.Phantoms;
using ImagingPipeline.Phantoms.Specs;
using ImagingPipeline.Phantoms.Truth;

namespace ImagingPipeline.Extraction.Tests.Acceptance;

/// <summary>
/// Generated patients over many parameters, each extracted through the files and compared with the
/// generator's truth (closed-form geometry, the uptake it wrote): volume within 3 %, diameters within
/// one CT pixel, centroid within 1 mm, SUVmax within 0.5 %, counts exact.
/// </summary>
public sealed class PhantomExtractionTests
{
    private static readonly Dictionary<string, PhantomCase> Cases = new[]
    {
        new PhantomCase("sphere-05mm") { DiameterMm = 5, CtPixelMm = 1, CtSliceMm = 1, PetPixelMm = 2, PetSliceMm = 2 },
        new PhantomCase("sphere-10mm") { DiameterMm = 10 },
        new PhantomCase("sphere-20mm"),
        new PhantomCase("sphere-40mm") { DiameterMm = 40 },
        new PhantomCase("sphere-60mm") { DiameterMm = 60, CtSliceMm = 3 },
        new PhantomCase("ellipsoid-30mm") { DiameterMm = 30, Ellipsoidal = true },
        new PhantomCase("hole-40mm") { DiameterMm = 40, Hole = true },
        new PhantomCase("island-24mm") { DiameterMm = 24, Island = true },
        new PhantomCase("hole-and-island-30mm") { DiameterMm = 30, Hole = true, Island = true, CtPixelMm = 1.5 },
        new PhantomCase("feet-first-supine") { Position = PatientPosition.FeetFirstSupine, DiameterMm = 25, Ellipsoidal = true },
        new PhantomCase("head-first-prone") { Position = PatientPosition.HeadFirstProne, DiameterMm = 25, Ellipsoidal = true },
        new PhantomCase("feet-first-prone") { Position = PatientPosition.FeetFirstProne, DiameterMm = 25 },
        new PhantomCase("pet-coarser-than-ct") { DiameterMm = 30, CtPixelMm = 1.5, CtSliceMm = 1.5, PetPixelMm = 6, PetSliceMm = 6 },
        new PhantomCase("pet-finer-than-ct") { DiameterMm = 30, CtPixelMm = 3, CtSliceMm = 3, PetPixelMm = 2, PetSliceMm = 2 },
        new PhantomCase("one-slope-for-the-series") { PerSliceSlope = false },
        new PhantomCase("decay-admin") { Decay = DecayCorrectionMode.Admin },
        new PhantomCase("decay-none") { Decay = DecayCorrectionMode.None },
        new PhantomCase("dose-in-mbq") { DoseInMBq = true },
        new PhantomCase("midnight-crossing") { MidnightCrossing = true },
        new PhantomCase("implicit-little-endian") { Syntax = PhantomTransferSyntax.ImplicitVRLittleEndian, Ellipsoidal = true },
        new PhantomCase("explicit-big-endian") { Syntax = PhantomTransferSyntax.ExplicitVRBigEndian, Ellipsoidal = true },
        new PhantomCase("planning-reg-into-planning") { Planning = PlanningSetup.RegistrationIntoPlanning, DiameterMm = 30, Ellipsoidal = true },
        new PhantomCase("planning-reg-into-pet") { Planning = PlanningSetup.RegistrationIntoPet, DiameterMm = 30, Ellipsoidal = true },
        new PhantomCase("planning-two-hops") { Planning = PlanningSetup.TwoHops, DiameterMm = 30 },
        new PhantomCase("planning-oblique") { Planning = PlanningSetup.RegistrationIntoPlanning, DiameterMm = 30, RotationXDegrees = 10 },
        new PhantomCase("planning-oblique-ellipsoid-big-endian")
        {
            Planning = PlanningSetup.RegistrationIntoPet, DiameterMm = 36, Ellipsoidal = true, RotationXDegrees = -12, Syntax = PhantomTransferSyntax.ExplicitVRBigEndian,
        },
        new PhantomCase("planning-feet-first-implicit")
        {
            Planning = PlanningSetup.RegistrationIntoPlanning, Position = PatientPosition.FeetFirstSupine, Syntax = PhantomTransferSyntax.ImplicitVRLittleEndian,
        },
    }.ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Extraction_matches_the_generator_truth(string name)
    {
        var phantom = Cases[name];
        using var folder = new TempFolder("phantom");
        var truth = PhantomGenerator.Write(phantom.Build(), folder.Path);
        var result = new StudyExtractor().Extract(ExtractionInput.FromFolder(folder.Path), TestContext.Current.CancellationToken);

        Assert.Empty(result.Warnings);
        var expected = truth.StructureSets.Single();
        var assessment = Assert.Single(result.Assessments);
        Assert.Equal(expected.StudyInstanceUid, assessment.StudyInstanceUid);
        Assert.Equal(expected.ExtracranialSiteCount, assessment.ExtracranialSiteCount);
        Assert.Equal(expected.IntracranialLesionCount, assessment.IntracranialLesionCount);
        var lesion = expected.Lesions.Single();
        var site = Assert.Single(assessment.Sites);
        AssertMatches(lesion, site, phantom.CtPixelMm);
        Assert.Equal(expected.FrameOfReferenceUid, site.FrameOfReferenceUid);
        Assert.Equal(expected.PetSeriesUid, site.PetSeriesUid);
        Assert.False(site.Unregistered);
        Assert.Contains(phantom.Decay switch
        {
            DecayCorrectionMode.Start => "decay START: weight[g] / (dose · 2^(−Δt/T½)), reference SeriesDate/SeriesTime",
            DecayCorrectionMode.Admin => "decay ADMIN",
            _ => "not decay corrected (NONE)",
        }, assessment.Methods.Suv, StringComparison.Ordinal);
        if (phantom.Planning != PlanningSetup.SameFrame)
        {
            Assert.Contains(assessment.StudiesUsed, s => s.Role == StudyRoles.Registration && s.StudyInstanceUid == truth.StudyUids["planning"]);
            Assert.Contains(assessment.StudiesUsed, s => s.Role == StudyRoles.PetCt && s.StudyInstanceUid == truth.StudyUids["petct"]);
        }
    }

    /// <summary>The tolerances of issue 5 for one lesion.</summary>
    internal static void AssertMatches(StructureTruth lesion, SiteRecord site, double pixelMm)
    {
        var what = lesion.Name;
        Assert.Equal(lesion.Name, site.RoiName);
        Assert.Equal(lesion.PlaneCount, site.PlaneCount);
        Assert.True(Math.Abs(site.VolumeCc!.Value - lesion.VolumeCc) <= 0.03 * lesion.VolumeCc, $"{what}: volume {site.VolumeCc} cm³, truth {lesion.VolumeCc}");
        Assert.True(Math.Abs(site.LongestDiameterMm!.Value - lesion.LongestDiameterMm) <= pixelMm, $"{what}: longest {site.LongestDiameterMm} mm, truth {lesion.LongestDiameterMm}");
        if (lesion.ShortAxisMm is { } shortAxis)
        {
            Assert.True(Math.Abs(site.ShortAxisMm!.Value - shortAxis) <= pixelMm, $"{what}: short axis {site.ShortAxisMm} mm, truth {shortAxis}");
        }

        var c = site.CentroidMm!;
        var distance = Math.Sqrt(Math.Pow(c[0] - lesion.CentroidMm.X, 2) + Math.Pow(c[1] - lesion.CentroidMm.Y, 2) + Math.Pow(c[2] - lesion.CentroidMm.Z, 2));
        Assert.True(distance <= 1, $"{what}: centroid {string.Join(", ", c)} is {distance:0.###} mm from the truth {lesion.CentroidMm}");
        if (lesion.SuvMax is { } suv)
        {
            Assert.True(site.SuvMax is { } measured && Math.Abs(measured - suv) <= 0.005 * suv, $"{what}: SUVmax {site.SuvMax}, truth {suv} ({string.Join("; ", site.Warnings)})");
        }

        if (lesion.Site is { } expected)
        {
            Assert.Equal(expected.Organ, site.Organ);
            Assert.Equal(expected.IsIntracranial, site.IsIntracranial);
            Assert.Equal(expected.Laterality, site.Laterality);
            Assert.Equal(expected.LymphNodeStation, site.LymphNodeStation);
            Assert.Equal(expected.NodalRegion, site.NodalRegion);
        }
    }
}
