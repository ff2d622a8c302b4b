using ImagingPipeline.Contracts;
using ImagingPipeline.Phantoms;
using ImagingPipeline.Phantoms.Truth;

namespace ImagingPipeline.Extraction.Tests.Acceptance;

/// <summary>
/// The sample patient (baseline PET/CT with structure set, follow-up PET/CT, planning CT in its own
/// frame with structure set and a registration to the follow-up): every lesion, the counts and the
/// progression against the truth, and the same studies handed over in parts, as they arrive.
/// </summary>
public sealed class SamplePatientTests : IClassFixture<SamplePatientTests.Sample>
{
    private const double CtPixelMm = 3.5;
    private readonly Sample _sample;

    public SamplePatientTests(Sample sample) => _sample = sample;

    /// <summary>The sample written once for the class.</summary>
    public sealed class Sample : IDisposable
    {
        private readonly TempFolder _folder = new("sample");

        public Sample() => Truth = PhantomGenerator.Write(SamplePatient.Create(), _folder.Path);

        public PhantomTruth Truth { get; }

        public IReadOnlyList<ExtractionInput> Inputs(Func<string, bool> include)
            => [.. ExtractionInput.FromFolder(_folder.Path).Where(i => include(Path.GetRelativePath(_folder.Path, i.Name)))];

        public void Dispose() => _folder.Dispose();
    }

    [Fact]
    public void Both_timepoints_match_the_truth_with_counts_and_progression()
    {
        var result = new StudyExtractor().Extract(_sample.Inputs(_ => true), TestContext.Current.CancellationToken);

        Assert.Empty(result.Warnings);
        Assert.Equal(2, result.Assessments.Count);
        foreach (var expected in _sample.Truth.StructureSets)
        {
            var assessment = Assert.Single(result.Assessments, a => a.StudyInstanceUid == expected.StudyInstanceUid);
            Assert.Equal(SamplePatient.PatientId, assessment.PatientId);
            Assert.Equal(expected.ExtracranialSiteCount, assessment.ExtracranialSiteCount);
            Assert.Equal(expected.IntracranialLesionCount, assessment.IntracranialLesionCount);
            Assert.Equal(expected.NodalRegionCount, assessment.NodalRegionCount);
            Assert.Equal(expected.NonLesionNames, assessment.NonLesionRois);
            Assert.Equal(expected.BaselineStudyUid, assessment.BaselineStudyUid);
            Assert.Equal(expected.Lesions.Select(l => l.Name), assessment.Sites.Select(s => s.RoiName));
            foreach (var lesion in expected.Lesions)
            {
                var site = assessment.Sites.Single(s => s.RoiName == lesion.Name);
                PhantomExtractionTests.AssertMatches(lesion, site, CtPixelMm);
                Assert.Equal(expected.FrameOfReferenceUid, site.FrameOfReferenceUid);
                Assert.Equal(expected.PetSeriesUid, site.PetSeriesUid);
                Assert.Equal(lesion.Progression ?? "Unknown", site.Progression!.Status.ToString());
            }
        }

        var planning = result.Assessments.Single(a => a.StudyInstanceUid == _sample.Truth.StudyUids["planning"]);
        Assert.Equal(
            [
                (StudyRoles.StructureSet, "planning"), (StudyRoles.PlanningCt, "planning"), (StudyRoles.PetCt, "followup"),
                (StudyRoles.Registration, "planning"), (StudyRoles.Baseline, "baseline"),
            ],
            planning.StudiesUsed.Select(s => (s.Role, _sample.Truth.StudyUids.Single(u => u.Value == s.StudyInstanceUid).Key)));
        Assert.True(planning.Recist!.Progression);
        Assert.Same(planning, result.ForStudy(_sample.Truth.StudyUids["followup"]));
        Assert.Contains("SeriesDate/SeriesTime", planning.Methods.Suv, StringComparison.Ordinal);
        Assert.Equal(StudyExtractor.ExtractorVersion, planning.ExtractorVersion);
    }

    [Fact]
    public void The_planning_study_alone_is_assessed_without_suv_and_says_why()
    {
        var result = new StudyExtractor().Extract(_sample.Inputs(p => p.StartsWith("planning", StringComparison.Ordinal)), TestContext.Current.CancellationToken);

        var assessment = Assert.Single(result.Assessments);
        Assert.Equal(7, assessment.Sites.Count);
        Assert.All(assessment.Sites, s =>
        {
            Assert.Null(s.SuvMax);
            Assert.Contains("no SUV: no PET series at this timepoint", s.Warnings);
            Assert.Equal(ProgressionStatus.Unknown, s.Progression!.Status);
        });
        Assert.Equal(5, assessment.ExtracranialSiteCount);
    }

    [Fact]
    public void A_pet_ct_without_the_registration_is_flagged_unregistered_and_not_used()
    {
        var result = new StudyExtractor().Extract(
            _sample.Inputs(p => p.StartsWith("followup", StringComparison.Ordinal) || (p.StartsWith("planning", StringComparison.Ordinal) && !p.Contains("REG", StringComparison.Ordinal))),
            TestContext.Current.CancellationToken);

        var assessment = Assert.Single(result.Assessments);
        Assert.All(assessment.Sites, s =>
        {
            Assert.True(s.Unregistered);
            Assert.Null(s.SuvMax);
            Assert.Contains(s.Warnings, w => w.StartsWith("no SUV: the PET of this timepoint is in another frame of reference", StringComparison.Ordinal));
        });
        Assert.Contains(assessment.Warnings, w => w.StartsWith("PT series", StringComparison.Ordinal) && w.Contains("(unregistered)", StringComparison.Ordinal));
        Assert.Contains(assessment.Warnings, w => w.StartsWith("CT series", StringComparison.Ordinal) && w.Contains("(unregistered)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_prior_assessment_kept_by_the_worker_serves_as_the_baseline()
    {
        var extractor = new StudyExtractor();
        var baseline = Assert.Single(extractor.Extract(_sample.Inputs(p => p.StartsWith("baseline", StringComparison.Ordinal)), TestContext.Current.CancellationToken).Assessments);
        var later = new StudyExtractor(new ExtractionOptions { PriorAssessment = baseline })
            .Extract(_sample.Inputs(p => !p.StartsWith("baseline", StringComparison.Ordinal)), TestContext.Current.CancellationToken);

        var assessment = Assert.Single(later.Assessments);
        Assert.Equal(baseline.StudyInstanceUid, assessment.BaselineStudyUid);
        var truth = _sample.Truth.StructureSet("planning");
        foreach (var lesion in truth.Lesions)
        {
            var site = assessment.Sites.Single(s => s.RoiName == lesion.Name);
            Assert.Equal(lesion.Progression, site.Progression!.Status.ToString());
            Assert.Equal(lesion.SuvMax!.Value, site.SuvMax!.Value, 0.005 * lesion.SuvMax.Value);
        }
    }
}
