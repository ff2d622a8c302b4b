using ImagingPipeline.Worker.Storage;
using ImagingPipeline.Worker.Studies;
using ImagingPipeline.Worker.Tests.Support;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresFixture postgres) : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private async Task<WorkerHarness> Harness(ManualClock? clock = null) =>
        await WorkerHarness.CreateAsync(_root.Path, await postgres.DatabaseAsync(), clock: clock);

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

    [Fact]
    public async Task Two_workers_on_one_database_and_store_process_each_study_once()
    {
        var database = await postgres.DatabaseAsync();
        var clock = new ManualClock();
        await using var a = await WorkerHarness.CreateAsync(_root.Path, database, clock: clock);
        await using var b = await WorkerHarness.CreateAsync(_root.Path, database, clock: clock);
        var studies = Enumerable.Range(0, 6).Select(_ => (Study: Instances.NewUid(), Series: Instances.NewUid())).ToArray();
        var pushes = new List<Task<StoreOutcome>>();
        for (var i = 0; i < 10; i++)
        {
            foreach (var (study, series) in studies)
            {
                var header = Instances.Header(study, series, Instances.NewUid());
                pushes.Add((i % 2 == 0 ? a : b).PushAsync(header, Instances.Content(256)));
            }
        }

        Assert.All(await Task.WhenAll(pushes), o => Assert.Equal(StoreStatus.Success, o.Status));
        clock.Advance(TimeSpan.FromMinutes(2));
        var closed = await Task.WhenAll(a.Assembler.SweepAsync(CancellationToken.None), b.Assembler.SweepAsync(CancellationToken.None));
        Assert.Equal(studies.Length, closed.Sum());

        // Both workers get every job (as if each had been enqueued twice) and run them concurrently.
        foreach (var (study, _) in studies)
        {
            a.Queue.EnqueueProcessing(study);
            b.Queue.EnqueueProcessing(study);
        }

        var ran = await Task.WhenAll(a.RunQueuedAsync(), b.RunQueuedAsync());
        Assert.Equal(studies.Length, ran.Sum());
        foreach (var (study, _) in studies)
        {
            Assert.Equal(1, await a.Index.CountProcessedAsync(study, CancellationToken.None));
            var detail = await a.Index.GetStudyAsync(study, CancellationToken.None);
            Assert.Equal(StudyState.Extracted, detail!.Study.State);
            Assert.Equal(10, detail.Study.InstanceCount);
        }
    }

    [Fact]
    public async Task Postgres_stopped_during_a_push_gives_failure_statuses_then_recovers()
    {
        if (!postgres.Server.IsOwned)
        {
            TestSupport.Environment.Requirements.Unavailable("the server is external (IMAGINGPIPELINE_TEST_POSTGRES); this test stops and restarts its own");
        }

        await using var h = await Harness();
        var (study, series) = (Instances.NewUid(), Instances.NewUid());
        Assert.True((await h.PushAsync(Instances.Header(study, series, Instances.NewUid()), Instances.Content())).IsSuccess);

        await postgres.Server.StopServerAsync();
        try
        {
            var sop = Instances.NewUid();
            var outcome = await h.PushAsync(Instances.Header(study, series, sop), Instances.Content());
            Assert.False(outcome.IsSuccess);
            Assert.False(File.Exists(Path.Combine(_root.Path, study, series, sop + ".dcm")));
        }
        finally
        {
            await postgres.Server.StartServerAsync();
        }

        var again = Instances.NewUid();
        Assert.Equal(StoreStatus.Success, (await h.PushAsync(Instances.Header(study, series, again), Instances.Content())).Status);
        Assert.Equal(2, (await h.Index.GetStudyAsync(study, CancellationToken.None))!.Study.InstanceCount);
        Assert.Equal(2, Instances.StoredFiles(_root.Path).Length);
    }
}
