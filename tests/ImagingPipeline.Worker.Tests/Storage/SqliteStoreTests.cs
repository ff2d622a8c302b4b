using ImagingPipeline.Worker.Storage;
using ImagingPipeline.Worker.Studies;
using ImagingPipeline.Worker.Tests.Support;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Storage;

public sealed class SqliteStoreTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private Task<WorkerHarness> Harness(long minimumFreeSpace = 0) => WorkerHarness.CreateAsync(_root.Path, null, minimumFreeSpace);

    [Fact]
    public async Task Stores_file_and_index_row()
    {
        await using var h = await Harness();
        await StoreScenarios.StoresFileAndIndexRow(h);
    }

    [Fact]
    public async Task Identical_copy_stored_once_changed_copy_reopens_study()
    {
        await using var h = await Harness();
        await StoreScenarios.IdenticalCopyStoredOnceChangedCopyReopens(h);
    }

    [Fact]
    public async Task Later_instances_fill_in_series_and_patient_values()
    {
        await using var h = await Harness();
        await StoreScenarios.LaterInstancesFillInSeriesAndPatientValues(h);
    }

    [Fact]
    public async Task Hash_from_the_receiver_is_recorded_and_matches_a_hashed_copy()
    {
        await using var h = await Harness();
        await StoreScenarios.HashFromTheReceiverMatchesAHashedCopy(h);
    }

    [Fact]
    public async Task Concurrent_stores_of_one_new_study_index_every_instance_and_create_the_study_once()
    {
        await using var h = await Harness();
        await StoreScenarios.ConcurrentStoresOfOneNewStudy(h);
    }

    [Fact]
    public async Task Many_references_of_a_structure_set_are_indexed_and_replaced_by_its_new_version()
    {
        await using var h = await Harness();
        await StoreScenarios.ManyReferencesAreIndexedAndReplaced(h);
    }

    [Fact]
    public async Task Quiet_period_closes_once_and_processes_once()
    {
        await using var h = await Harness();
        await StoreScenarios.QuietPeriodClosesOnceAndProcessesOnce(h);
    }

    [Fact]
    public async Task Whole_pet_series_closes_after_grace_period()
    {
        await using var h = await Harness();
        await StoreScenarios.WholePetSeriesClosesAfterGracePeriod(h);
    }

    [Fact]
    public async Task Structure_set_waits_for_referenced_images()
    {
        await using var h = await Harness();
        await StoreScenarios.StructureSetWaitsForReferencedImages(h);
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("1.2.840.111111111111111111111111111111111111111111111111111111111")]
    [InlineData("1..2")]
    [InlineData("1.2.")]
    [InlineData("1.2\0.3")]
    [InlineData("")]
    [InlineData("1.02.3")]
    [InlineData("/etc/passwd")]
    public async Task Hostile_uids_are_refused_and_write_nothing(string uid)
    {
        Assert.Equal(65, "1.2.840.111111111111111111111111111111111111111111111111111111111".Length);
        var outside = Path.Combine(Path.GetTempPath(), "x");
        var existedBefore = File.Exists(outside) || Directory.Exists(outside);
        await using var h = await Harness();
        var valid = Instances.NewUid();
        foreach (var header in new[]
        {
            Instances.Header(uid, valid, Instances.NewUid()),
            Instances.Header(valid, uid, Instances.NewUid()),
            Instances.Header(valid, Instances.NewUid(), uid),
            Instances.Header(valid, Instances.NewUid(), Instances.NewUid()) with { SopClassUid = uid },
        })
        {
            var outcome = await h.PushAsync(header, Instances.Content(128));
            Assert.Equal(StoreStatus.DataSetDoesNotMatchSopClass, outcome.Status);
        }

        Assert.Empty(Instances.StoredFiles(_root.Path));
        Assert.Equal(existedBefore, File.Exists(outside) || Directory.Exists(outside));
        Assert.Equal(0, (await h.Index.ListStudiesAsync(new Index.StudyQuery(null, null, null, null, 1, 10), TestContext.Current.CancellationToken)).Total);
        Assert.Equal(4, h.Metrics.InstancesRejected);
    }

    [Fact]
    public async Task Free_space_reserve_refuses_with_out_of_resources()
    {
        await using var h = await Harness(minimumFreeSpace: long.MaxValue / 2);
        var outcome = await h.PushAsync(Instances.Header(Instances.NewUid(), Instances.NewUid(), Instances.NewUid()), Instances.Content());
        Assert.Equal(StoreStatus.OutOfResources, outcome.Status);
        Assert.Contains("Storage:MinimumFreeSpace", outcome.ErrorComment, StringComparison.Ordinal);
        Assert.Empty(Instances.StoredFiles(_root.Path));
        Assert.NotNull(h.Store.FreeSpaceProblem());
    }

    [Fact]
    public async Task Index_failure_leaves_no_file()
    {
        await using var h = await Harness();
        await using (var connection = await h.Database.OpenAsync(TestContext.Current.CancellationToken))
        await using (var drop = connection.CreateCommand())
        {
            drop.CommandText = "DROP TABLE instances";
            await drop.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var (study, series, sop) = (Instances.NewUid(), Instances.NewUid(), Instances.NewUid());
        var outcome = await h.PushAsync(Instances.Header(study, series, sop), Instances.Content());
        Assert.Equal(StoreStatus.ProcessingFailure, outcome.Status);
        Assert.Empty(Instances.StoredFiles(_root.Path));
    }

    [Fact]
    public async Task Parallel_pushes_all_succeed_and_are_all_indexed()
    {
        await using var h = await Harness();
        var studies = Enumerable.Range(0, 5).Select(_ => (Study: Instances.NewUid(), Series: Instances.NewUid())).ToArray();
        var pushes = Enumerable.Range(0, 60).Select(i =>
        {
            var (study, series) = studies[i % studies.Length];
            return Task.Run(() => h.PushAsync(Instances.Header(study, series, Instances.NewUid()), Instances.Content(2048)));
        });

        Assert.All(await Task.WhenAll(pushes), o => Assert.Equal(StoreStatus.Success, o.Status));
        Assert.Equal(60, Instances.StoredFiles(_root.Path).Length);
        var page = await h.Index.ListStudiesAsync(new Index.StudyQuery(null, StudyState.Receiving, null, null, 1, 10), TestContext.Current.CancellationToken);
        Assert.Equal(5, page.Total);
        Assert.All(page.Items, s => Assert.Equal(12, s.InstanceCount));
    }

    [Fact]
    public async Task Restart_keeps_instances_and_study_state()
    {
        var (study, series, sop) = (Instances.NewUid(), Instances.NewUid(), Instances.NewUid());
        var content = Instances.Content();
        var clock = new ManualClock();
        await using (var first = await WorkerHarness.CreateAsync(_root.Path, clock: clock))
        {
            Assert.True((await first.PushAsync(Instances.Header(study, series, sop), content)).IsSuccess);
            clock.Advance(TimeSpan.FromMinutes(2));
            Assert.Equal(1, await first.Assembler.SweepAsync(TestContext.Current.CancellationToken));
            // The process dies before the queued job runs (in-memory job storage loses it).
        }

        await using var second = await WorkerHarness.CreateAsync(_root.Path, clock: clock);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(_root.Path, study, series, sop + ".dcm"), TestContext.Current.CancellationToken));
        Assert.Equal(StudyState.Complete, (await second.Index.GetStudyAsync(study, TestContext.Current.CancellationToken))!.Study.State);
        clock.Advance(TimeSpan.FromMinutes(1));
        await second.Assembler.SweepAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, await second.RunQueuedAsync());
        Assert.Equal(StudyState.Extracted, (await second.Index.GetStudyAsync(study, TestContext.Current.CancellationToken))!.Study.State);
    }
}
