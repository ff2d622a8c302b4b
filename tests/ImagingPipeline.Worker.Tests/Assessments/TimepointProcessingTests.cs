using ImagingPipeline.Contracts;
using ImagingPipeline.Dicom;
using ImagingPipeline.Phantoms.Truth;
using ImagingPipeline.TestSupport.Phantoms;
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
        PhantomAssertions.MatchesTruth(a, truth, sample.Truth.FrameUids["baseline"]);
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

        PhantomAssertions.SampleTimepointsMatchTruth(await AssessmentsAsync(h, history: true), sample.Truth);
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
        PhantomAssertions.SampleTimepointsMatchTruth(history, sample.Truth);
        var upgraded = history.Where(a => a.StudyInstanceUid == beforeRegistration.StudyInstanceUid).MaxBy(a => a.Version)!;
        Assert.Equal(beforeRegistration.Version + 1, upgraded.Version);
        Assert.Equal(2, (await h.Index.GetStudyAsync(sample.Truth.StudyUids["planning"], Ct))!.Study.Version);
    }

    [Fact]
    public async Task A_birth_date_that_differs_between_studies_of_one_patient_id_is_a_warning_on_the_record()
    {
        await using var h = await WorkerHarness.CreateAsync(_root.Path, fsync: false);
        await PushStudyAsync(h, "baseline");
        var altered = Path.Combine(_root.Path, "altered");
        Directory.CreateDirectory(altered);
        foreach (var file in sample.FilesOf("followup"))
        {
            var dicom = DicomFile.Open(file);
            dicom.Dataset.AddOrUpdate(DicomTag.PatientBirthDate, "19600101");
            var copy = Path.Combine(altered, Path.GetRelativePath(sample.Folder, file).Replace('/', '_'));
            dicom.Save(copy);
            Assert.True((await h.PushFileAsync(copy)).IsSuccess);
        }

        Assert.Equal(1, await h.CloseAndProcessAsync());
        await PushStudyAsync(h, "planning");
        var latest = await AssessmentsAsync(h);
        Assert.Equal(2, latest.Count);
        Assert.All(latest, a => Assert.Contains(a.Warnings, w => w.Contains("birth date differs", StringComparison.Ordinal)));
        Assert.All(latest, a => Assert.Equal(sample.Truth.PatientId, a.PatientId)); // one patient, flagged, not silently merged
    }

    [Fact]
    public async Task One_patient_id_under_two_issuers_is_two_patients_and_the_other_issuers_study_is_no_baseline()
    {
        await using var h = await WorkerHarness.CreateAsync(_root.Path, fsync: false);
        await PushAlteredStudyAsync(h, "baseline", "HOSPITAL-A");
        await PushAlteredStudyAsync(h, "followup", "HOSPITAL-B");
        await PushAlteredStudyAsync(h, "planning", "HOSPITAL-B");

        var repository = new Worker.Assessments.AssessmentRepository(h.Database, new Worker.Outbox.OutboxWriter(h.Clock), h.Clock);
        var a = Assert.Single(await repository.ForPatientAsync(sample.Truth.PatientId, "HOSPITAL-A", false, Ct));
        var b = Assert.Single(await repository.ForPatientAsync(sample.Truth.PatientId, "HOSPITAL-B", false, Ct));
        Assert.Equal(("HOSPITAL-A", sample.Truth.StudyUids["baseline"]), (a.IssuerOfPatientId, a.StudyInstanceUid));
        Assert.Equal(("HOSPITAL-B", sample.Truth.StudyUids["planning"]), (b.IssuerOfPatientId, b.StudyInstanceUid));
        Assert.Null(b.BaselineStudyUid); // HOSPITAL-A's PET/CT is another patient's, never this one's prior
        Assert.DoesNotContain(b.StudiesUsed, s => s.StudyInstanceUid == sample.Truth.StudyUids["baseline"]);
        Assert.All(b.Sites, s => Assert.NotEqual(ProgressionStatus.Progressing, s.Progression!.Status));
    }

    private async Task PushAlteredStudyAsync(WorkerHarness h, string studyKey, string issuer)
    {
        var altered = Path.Combine(_root.Path, "altered-" + studyKey);
        Directory.CreateDirectory(altered);
        foreach (var file in sample.FilesOf(studyKey))
        {
            var dicom = DicomFile.Open(file);
            dicom.Dataset.AddOrUpdate(DicomTag.IssuerOfPatientID, issuer);
            var copy = Path.Combine(altered, Path.GetRelativePath(sample.Folder, file).Replace('/', '_'));
            dicom.Save(copy);
            Assert.True((await h.PushFileAsync(copy)).IsSuccess);
        }

        Assert.Equal(1, await h.CloseAndProcessAsync());
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
}
