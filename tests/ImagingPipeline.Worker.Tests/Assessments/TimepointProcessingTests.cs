using ImagingPipeline.Contracts;
using ImagingPipeline.Phantoms.Truth;
using ImagingPipeline.Worker.Studies;
using ImagingPipeline.Worker.Tests.Support;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Assessments;

/// <summary>
/// The extraction processor on the phantom sample patient, through the store, the assembler and
/// the processing job (SQLite, messages left in the outbox): one study at a time, in any order.
/// </summary>
public sealed class TimepointProcessingTests(SamplePatientFixture sample) : IClassFixture<SamplePatientFixture>, IDisposable
{
    private readonly TempDirectory _root = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_pet_ct_with_its_structure_set_is_assessed_once_with_the_phantoms_truth()
    {
        await using var h = await WorkerHarness.CreateAsync(_root.Path, fsync: false); // durability is not what these tests are about
        var truth = sample.Truth.StructureSet("baseline");
        await PushStudyAsync(h, "baseline");

        var study = sample.Truth.StudyUids["baseline"];
        var detail = await h.Index.GetStudyAsync(study, Ct);
        Assert.Equal(StudyState.Extracted, detail!.Study.State); // its messages wait in the outbox
        var a = Assert.Single(await AssessmentsAsync(h));
        Assert.Equal(study, a.StudyInstanceUid);
        Assert.Equal(1, a.Version);
        Assert.Null(a.SupersedesVersion);
        AssertMatchesTruth(a, truth, sample.Truth.FrameUids["baseline"]);
        Assert.All(a.Sites, s => Assert.Equal(ProgressionStatus.Unknown, s.Progression!.Status));

        // Reprocessing finds the same: no new version, only the study's messages.
        Assert.NotNull(await h.Index.TryReprocessAsync(study, Ct));
        h.Queue.EnqueueProcessing(study);
        Assert.Equal(1, await h.RunQueuedAsync());
        Assert.Single(await AssessmentsAsync(h, history: true));
    }

    public static readonly TheoryData<string> Orders = new(
        "baseline followup planning",
        "planning followup baseline",
        "followup planning baseline",
        "baseline planning followup");

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Studies_of_a_timepoint_join_in_any_order_and_each_new_finding_supersedes_the_last(string order)
    {
        await using var h = await WorkerHarness.CreateAsync(_root.Path, fsync: false); // durability is not what these tests are about
        var pushed = new List<string>();
        foreach (var key in order.Split(' '))
        {
            await PushStudyAsync(h, key);
            pushed.Add(key);
            var now = await AssessmentsAsync(h, history: true);
            if (key == "planning" && !pushed.Contains("followup"))
            {
                // The planning study before its PET/CT: sites without SUV, saying the PET is missing.
                var planningOnly = now.First(a => a.StudiesUsed.Any(u => u.StudyInstanceUid == sample.Truth.StudyUids["planning"]));
                Assert.All(planningOnly.Sites, site => Assert.Null(site.SuvMax));
                Assert.Contains(planningOnly.Warnings.Concat(planningOnly.Sites.SelectMany(x => x.Warnings)), w => w.Contains("PET", StringComparison.Ordinal));
            }
        }

        AssertFinal(await AssessmentsAsync(h, history: true));
    }

    [Fact]
    public async Task A_registration_arriving_last_upgrades_the_assessment_with_the_pet()
    {
        await using var h = await WorkerHarness.CreateAsync(_root.Path, fsync: false); // durability is not what these tests are about
        await PushStudyAsync(h, "baseline");
        await PushStudyAsync(h, "followup");
        var planning = sample.FilesOf("planning");
        var registration = Assert.Single(planning, f => f.Contains("/REG", StringComparison.Ordinal));
        foreach (var file in planning.Where(f => f != registration))
        {
            Assert.True((await h.PushFileAsync(file)).IsSuccess);
        }

        Assert.Equal(1, await h.CloseAndProcessAsync());
        var beforeRegistration = (await AssessmentsAsync(h)).First(a => a.StudiesUsed.Any(u => u.StudyInstanceUid == sample.Truth.StudyUids["planning"]));
        Assert.All(beforeRegistration.Sites, site => Assert.Null(site.SuvMax));

        Assert.True((await h.PushFileAsync(registration)).IsSuccess); // reopens the planning study
        Assert.Equal(1, await h.CloseAndProcessAsync());
        var history = await AssessmentsAsync(h, history: true);
        AssertFinal(history);
        var upgraded = history.Where(a => a.StudyInstanceUid == beforeRegistration.StudyInstanceUid).MaxBy(a => a.Version)!;
        Assert.Equal(beforeRegistration.Version + 1, upgraded.Version);
        Assert.Equal(2, (await h.Index.GetStudyAsync(sample.Truth.StudyUids["planning"], Ct))!.Study.Version);
    }

    /// <summary>
    /// The final follow-up assessment: planning-frame sites with SUV from the follow-up PET through
    /// the registration, progression against the baseline as the truth says, and versions 1..n of
    /// each timepoint each superseding the one before.
    /// </summary>
    private void AssertFinal(IReadOnlyList<OligoProgressionAssessed> history)
    {
        foreach (var timepoint in history.GroupBy(a => a.StudyInstanceUid))
        {
            var versions = timepoint.OrderBy(a => a.Version).ToList();
            Assert.Equal(Enumerable.Range(1, versions.Count), versions.Select(a => a.Version));
            Assert.All(versions, a => Assert.Equal(a.Version == 1 ? null : a.Version - 1, a.SupersedesVersion));
        }

        var latest = history.GroupBy(a => a.StudyInstanceUid).Select(g => g.MaxBy(a => a.Version)!).ToList();
        Assert.Equal(2, latest.Count);
        var baseline = latest.Single(a => a.StudiesUsed.Any(u => u.StudyInstanceUid == sample.Truth.StudyUids["baseline"] && u.Role != "baseline"));
        var followUp = latest.Single(a => a != baseline);
        AssertMatchesTruth(baseline, sample.Truth.StructureSet("baseline"), sample.Truth.FrameUids["baseline"]);

        var truth = sample.Truth.StructureSet("planning");
        AssertMatchesTruth(followUp, truth, sample.Truth.FrameUids["planning"]);
        Assert.Equal(baseline.StudyInstanceUid, followUp.BaselineStudyUid);
        Assert.Contains(followUp.StudiesUsed, u => u.StudyInstanceUid == sample.Truth.StudyUids["followup"]);
        foreach (var lesion in truth.Lesions)
        {
            var site = followUp.Sites.Single(s => s.RoiName == lesion.Name);
            Assert.Equal(lesion.Progression, site.Progression!.Status.ToString());
            Assert.Equal(sample.Truth.StructureSet("planning").PetSeriesUid, site.PetSeriesUid);
        }
    }

    private async Task PushStudyAsync(WorkerHarness h, string studyKey)
    {
        foreach (var file in sample.FilesOf(studyKey))
        {
            Assert.True((await h.PushFileAsync(file)).IsSuccess, file);
        }

        Assert.Equal(1, await h.CloseAndProcessAsync());
    }

    private async Task<IReadOnlyList<OligoProgressionAssessed>> AssessmentsAsync(WorkerHarness h, bool history = false)
    {
        var repository = new Worker.Assessments.AssessmentRepository(h.Database, new Worker.Outbox.OutboxWriter(h.Clock), h.Clock);
        return await repository.ForPatientAsync(sample.Truth.PatientId, null, history, Ct);
    }

    /// <summary>Every lesion of the truth, and nothing else, with its site, geometry and SUV.</summary>
    internal static void AssertMatchesTruth(OligoProgressionAssessed a, StructureSetTruth truth, string frame)
    {
        Assert.Equal(truth.ExtracranialSiteCount, a.ExtracranialSiteCount);
        Assert.Equal(truth.IntracranialLesionCount, a.IntracranialLesionCount);
        Assert.Equal(truth.NodalRegionCount, a.NodalRegionCount);
        Assert.Equal(truth.Lesions.Select(l => l.Name).Order(StringComparer.Ordinal), a.Sites.Select(s => s.RoiName).Order(StringComparer.Ordinal));
        foreach (var lesion in truth.Lesions)
        {
            var site = a.Sites.Single(s => s.RoiName == lesion.Name);
            Assert.Equal($"{truth.SopInstanceUid}/{lesion.RoiNumber}", site.SiteId);
            Assert.Equal(frame, site.FrameOfReferenceUid);
            Assert.Equal(lesion.Site!.Organ, site.Organ);
            Assert.Equal(lesion.Site.IsIntracranial, site.IsIntracranial);
            Assert.Equal(lesion.Site.NodalRegion, site.NodalRegion);
            Assert.Equal(lesion.VolumeCc, site.VolumeCc!.Value, lesion.VolumeCc * 0.03);
            Assert.Equal(lesion.CentroidMm.X, site.CentroidMm![0], 1.0);
            Assert.Equal(lesion.CentroidMm.Y, site.CentroidMm[1], 1.0);
            Assert.Equal(lesion.CentroidMm.Z, site.CentroidMm[2], 1.0);
            if (lesion.SuvMax is { } suv)
            {
                Assert.Equal(suv, site.SuvMax!.Value, suv * 0.05);
            }
            else
            {
                Assert.Null(site.SuvMax);
            }
        }
    }
}
