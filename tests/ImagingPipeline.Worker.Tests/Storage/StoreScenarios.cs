using ImagingPipeline.Worker.Storage;
using ImagingPipeline.Worker.Studies;
using ImagingPipeline.Worker.Tests.Support;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Storage;

/// <summary>Store, index and assembly scenarios run on SQLite and on PostgreSQL.</summary>
internal static class StoreScenarios
{
    public static async Task StoresFileAndIndexRow(WorkerHarness h)
    {
        var (study, series, sop) = (Instances.NewUid(), Instances.NewUid(), Instances.NewUid());
        var content = Instances.Content();
        var outcome = await h.PushAsync(Instances.Header(study, series, sop), content);

        Assert.Equal(StoreStatus.Success, outcome.Status);
        var path = Path.Combine(h.Root, study, series, sop + ".dcm");
        Assert.Equal(content, await File.ReadAllBytesAsync(path));
        var row = await h.Index.FindInstanceAsync(sop, CancellationToken.None);
        Assert.NotNull(row);
        Assert.Equal($"{study}/{series}/{sop}.dcm", row.Path);
        Assert.Equal(content.Length, row.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), row.Sha256);
        Assert.Equal(1, row.Version);
        var detail = await h.Index.GetStudyAsync(study, CancellationToken.None);
        Assert.NotNull(detail);
        Assert.Equal(StudyState.Receiving, detail.Study.State);
        Assert.Equal(1, detail.Study.InstanceCount);
        Assert.Equal("PAT-001", detail.Study.PatientId);
    }

    /// <summary>A later instance fills in what the series and the patient lacked or changes the patient's name; one that
    /// lacks a value leaves the stored one (the rows are rewritten only then).</summary>
    public static async Task LaterInstancesFillInSeriesAndPatientValues(WorkerHarness h)
    {
        var (study, series) = (Instances.NewUid(), Instances.NewUid());
        var patient = "PAT-" + Instances.NewUid()[^8..];
        var first = Instances.Header(study, series, Instances.NewUid(), modality: "PT", sopClass: Instances.Pet) with
        {
            PatientId = patient, PatientName = null, Modality = null,
        };
        var second = first with { SopInstanceUid = Instances.NewUid(), PatientName = "Doe^Jane", Modality = "PT", NumberOfSlices = 3 };
        var third = first with { SopInstanceUid = Instances.NewUid() };
        var renamed = first with { SopInstanceUid = Instances.NewUid(), PatientName = "Doe^Janet" };
        foreach (var header in new[] { first, second, third })
        {
            Assert.True((await h.PushAsync(header, Instances.Content())).IsSuccess);
        }

        Assert.Equal(("PT", 3L, "Doe^Jane"), await SeriesAndPatientAsync(h, series, patient));
        Assert.True((await h.PushAsync(renamed, Instances.Content())).IsSuccess);
        Assert.Equal(("PT", 3L, "Doe^Janet"), await SeriesAndPatientAsync(h, series, patient));
    }

    private static async Task<(string? Modality, long? Slices, string? Name)> SeriesAndPatientAsync(WorkerHarness h, string series, string patient)
    {
        await using var connection = await h.Database.OpenAsync(CancellationToken.None);
        await using var command = ImagingPipeline.Worker.Index.IndexDatabase.Command(connection, null, """
            SELECT s.modality, s.number_of_slices, p.patient_name FROM series s, patients p
            WHERE s.series_uid = @series AND p.patient_id = @patient
            """, ("series", series), ("patient", patient));
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        Assert.True(await reader.ReadAsync(CancellationToken.None));
        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : Convert.ToInt64(reader.GetValue(1)),
            reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    public static async Task IdenticalCopyStoredOnceChangedCopyReopens(WorkerHarness h)
    {
        var (study, series, sop) = (Instances.NewUid(), Instances.NewUid(), Instances.NewUid());
        var content = Instances.Content();
        Assert.True((await h.PushAsync(Instances.Header(study, series, sop), content)).IsSuccess);
        Assert.True((await h.PushAsync(Instances.Header(study, series, sop), content)).IsSuccess);
        Assert.Equal(1, h.Metrics.InstancesDuplicate);
        Assert.Equal(1, (await h.Index.FindInstanceAsync(sop, CancellationToken.None))!.Version);

        h.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await h.Assembler.SweepAsync(CancellationToken.None));
        Assert.Equal(1, await h.RunQueuedAsync());
        Assert.Equal(StudyState.Extracted, (await h.Index.GetStudyAsync(study, CancellationToken.None))!.Study.State);

        var changed = Instances.Content();
        Assert.True((await h.PushAsync(Instances.Header(study, series, sop), changed)).IsSuccess);
        var row = await h.Index.FindInstanceAsync(sop, CancellationToken.None);
        Assert.Equal(2, row!.Version);
        Assert.Equal(changed, await File.ReadAllBytesAsync(Path.Combine(h.Root, row.Path)));
        var detail = await h.Index.GetStudyAsync(study, CancellationToken.None);
        Assert.Equal(StudyState.Receiving, detail!.Study.State);
        Assert.Equal(2, detail.Study.Version);
        Assert.Single(Instances.StoredFiles(h.Root));

        h.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await h.Assembler.SweepAsync(CancellationToken.None));
        Assert.Equal(1, await h.RunQueuedAsync());
        Assert.Equal(2, await h.Index.CountProcessedAsync(study, CancellationToken.None));
    }

    /// <summary>The SCP's hash of a file received into the incoming folder is recorded as is (the file is not read
    /// back), and it is the same hash a copy gets, so the copy is a duplicate.</summary>
    public static async Task HashFromTheReceiverMatchesAHashedCopy(WorkerHarness h)
    {
        var (study, series, sop) = (Instances.NewUid(), Instances.NewUid(), Instances.NewUid());
        var content = Instances.Content();
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        Directory.CreateDirectory(h.Store.IncomingDirectory);
        var received = Path.Combine(h.Store.IncomingDirectory, Guid.NewGuid().ToString("N") + ".part");
        await File.WriteAllBytesAsync(received, content);
        var header = Instances.Header(study, series, sop);
        Assert.True((await h.Store.StoreAsync(header, received, "TESTSCU", sha256, false, CancellationToken.None)).IsSuccess);
        Assert.False(File.Exists(received)); // renamed into place, not copied
        Assert.Equal(sha256, (await h.Index.FindInstanceAsync(sop, CancellationToken.None))!.Sha256);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(h.Root, study, series, sop + ".dcm")));

        Assert.True((await h.PushAsync(header, content)).IsSuccess);
        Assert.Equal(1, h.Metrics.InstancesDuplicate);
        Assert.Equal(1, (await h.Index.FindInstanceAsync(sop, CancellationToken.None))!.Version);
    }

    /// <summary>Concurrent stores of one new study (their index rows committed in shared batches): every instance
    /// is indexed, and the study was created once.</summary>
    public static async Task ConcurrentStoresOfOneNewStudy(WorkerHarness h)
    {
        var (study, series) = (Instances.NewUid(), Instances.NewUid());
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Task.Run(() =>
            h.PushAsync(Instances.Header(study, series, Instances.NewUid()), Instances.Content(2048)))));
        Assert.All(outcomes, o => Assert.True(o.IsSuccess, o.ErrorComment));
        var detail = await h.Index.GetStudyAsync(study, CancellationToken.None);
        Assert.Equal(24, detail!.Study.InstanceCount);
        Assert.Equal(1, detail.Study.Version);
        Assert.Single(detail.History);
        Assert.Equal(24, Instances.StoredFiles(h.Root).Count());
    }

    public static async Task QuietPeriodClosesOnceAndProcessesOnce(WorkerHarness h)
    {
        var (study, series) = (Instances.NewUid(), Instances.NewUid());
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await h.PushAsync(Instances.Header(study, series, Instances.NewUid()), Instances.Content(512))).IsSuccess);
        }

        h.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await h.Assembler.SweepAsync(CancellationToken.None));
        h.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, await h.Assembler.SweepAsync(CancellationToken.None));
        Assert.Equal(0, await h.Assembler.SweepAsync(CancellationToken.None));
        Assert.Equal(StudyState.Complete, (await h.Index.GetStudyAsync(study, CancellationToken.None))!.Study.State);

        // The job runs twice (a duplicate delivery): only one processes.
        h.Queue.EnqueueProcessing(study);
        Assert.Equal(1, await h.RunQueuedAsync());
        var detail = await h.Index.GetStudyAsync(study, CancellationToken.None);
        Assert.Equal(StudyState.Extracted, detail!.Study.State);
        Assert.Equal(1, await h.Index.CountProcessedAsync(study, CancellationToken.None));
        Assert.Equal(
            [StudyState.Receiving, StudyState.Complete, StudyState.Extracting, StudyState.Extracted],
            detail.History.Select(e => e.To));
    }

    public static async Task WholePetSeriesClosesAfterGracePeriod(WorkerHarness h)
    {
        var (study, series) = (Instances.NewUid(), Instances.NewUid());
        for (var i = 0; i < 3; i++)
        {
            var header = Instances.Header(study, series, Instances.NewUid(), "PT", Instances.Pet, numberOfSlices: 4);
            Assert.True((await h.PushAsync(header, Instances.Content(256))).IsSuccess);
        }

        h.Clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(0, await h.Assembler.SweepAsync(CancellationToken.None));
        Assert.True((await h.PushAsync(Instances.Header(study, series, Instances.NewUid(), "PT", Instances.Pet, 4), Instances.Content(256))).IsSuccess);
        h.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, await h.Assembler.SweepAsync(CancellationToken.None));
        h.Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, await h.Assembler.SweepAsync(CancellationToken.None));
    }

    public static async Task StructureSetWaitsForReferencedImages(WorkerHarness h)
    {
        var (study, ctSeries, rtSeries) = (Instances.NewUid(), Instances.NewUid(), Instances.NewUid());
        var images = Enumerable.Range(0, 3).Select(_ => Instances.NewUid()).ToArray();
        var rt = Instances.Header(study, rtSeries, Instances.NewUid(), "RTSTRUCT", Instances.RtStruct, references: images);
        Assert.True((await h.PushAsync(rt, Instances.Content(300))).IsSuccess);
        Assert.True((await h.PushAsync(Instances.Header(study, ctSeries, images[0]), Instances.Content(300))).IsSuccess);
        h.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(0, await h.Assembler.SweepAsync(CancellationToken.None));
        Assert.True((await h.PushAsync(Instances.Header(study, ctSeries, images[1]), Instances.Content(300))).IsSuccess);
        Assert.True((await h.PushAsync(Instances.Header(study, ctSeries, images[2]), Instances.Content(300))).IsSuccess);
        h.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(1, await h.Assembler.SweepAsync(CancellationToken.None));
    }

    /// <summary>A structure set referencing more images than one statement's rows (500) has every reference
    /// indexed, and a new version of it replaces them.</summary>
    public static async Task ManyReferencesAreIndexedAndReplaced(WorkerHarness h)
    {
        var (study, rtSeries, sop) = (Instances.NewUid(), Instances.NewUid(), Instances.NewUid());
        var images = Enumerable.Range(0, 1201).Select(_ => Instances.NewUid()).ToArray();
        Assert.True((await h.PushAsync(Instances.Header(study, rtSeries, sop, "RTSTRUCT", Instances.RtStruct, references: [.. images, images[7]]),
            Instances.Content(300))).IsSuccess);
        Assert.Equal(1201, await CountReferencesAsync(h, sop));

        Assert.True((await h.PushAsync(Instances.Header(study, rtSeries, sop, "RTSTRUCT", Instances.RtStruct, references: images[..3]),
            Instances.Content(300))).IsSuccess);
        Assert.Equal(3, await CountReferencesAsync(h, sop));
    }

    private static async Task<long> CountReferencesAsync(WorkerHarness h, string sop)
    {
        await using var connection = await h.Index.Database.OpenAsync(CancellationToken.None);
        await using var command = ImagingPipeline.Worker.Index.IndexDatabase.Command(connection, null,
            "SELECT COUNT(*) FROM instance_references WHERE sop_instance_uid = @sop", ("sop", sop));
        return Convert.ToInt64(await command.ExecuteScalarAsync(CancellationToken.None), System.Globalization.CultureInfo.InvariantCulture);
    }
}
