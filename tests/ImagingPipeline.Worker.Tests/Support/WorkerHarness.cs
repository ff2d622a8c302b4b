using ImagingPipeline.Worker.Assessments;
using ImagingPipeline.Worker.Configuration;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Metrics;
using ImagingPipeline.Worker.Outbox;
using ImagingPipeline.Worker.Storage;
using ImagingPipeline.Worker.Studies;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Tests.Support;

/// <summary>One worker's store, index, assembler and processing job (the extraction processor, messages left in the outbox) on a root folder and a database.</summary>
internal sealed class WorkerHarness : IAsyncDisposable
{
    private WorkerHarness(string root, IndexDatabase db, ManualClock clock, StorageOptions storage, StudiesOptions studies)
    {
        Root = root;
        Database = db;
        Clock = clock;
        Index = new StudyIndex(db, clock);
        Metrics = new WorkerMetrics();
        Store = new InstanceStore(Options.Create(storage), Index, Metrics, NullLogger<InstanceStore>.Instance);
        Assembler = new StudyAssembler(Index, Queue, Options.Create(studies), NullLogger<StudyAssembler>.Instance);
        var outbox = new OutboxWriter(clock);
        var processor = new ExtractionStudyProcessor(Index, new AssessmentRecorder(new AssessmentRepository(db, outbox, clock), clock), outbox,
            new PatientLocks(db), Options.Create(storage), Options.Create(new AssessmentOptions()), clock, NullLogger<ExtractionStudyProcessor>.Instance);
        Processing = new StudyProcessingJob(Index, processor, Metrics, NullLogger<StudyProcessingJob>.Instance);
    }

    public string Root { get; }
    public IndexDatabase Database { get; }
    public ManualClock Clock { get; }
    public StudyIndex Index { get; }
    public WorkerMetrics Metrics { get; }
    public InstanceStore Store { get; }
    public ListJobQueue Queue { get; } = new();
    public StudyAssembler Assembler { get; }
    public StudyProcessingJob Processing { get; }

    public static readonly StudiesOptions DefaultStudies = new()
    {
        QuietPeriod = TimeSpan.FromMinutes(1),
        GracePeriod = TimeSpan.FromSeconds(10),
        SweepInterval = TimeSpan.FromSeconds(5),
    };

    /// <summary>A harness on <paramref name="root"/>; SQLite there unless <paramref name="postgres"/> is given.</summary>
    public static async Task<WorkerHarness> CreateAsync(string root, string? postgres = null, long minimumFreeSpace = 0,
        ManualClock? clock = null, bool fsync = true)
    {
        var db = postgres is null ? IndexDatabase.ForSqlite(Path.Combine(root, "index.db")) : IndexDatabase.ForPostgres(postgres);
        await IndexSchema.CreateAsync(db, CancellationToken.None);
        await new OutboxSchema().CreateAsync(db, CancellationToken.None);
        await new AssessmentSchema().CreateAsync(db, CancellationToken.None);
        var storage = new StorageOptions { Root = root, Fsync = fsync, MinimumFreeSpace = minimumFreeSpace };
        return new WorkerHarness(root, db, clock ?? new ManualClock(), storage, DefaultStudies);
    }

    /// <summary>Writes <paramref name="content"/> to a temp file and stores it as <paramref name="header"/>.</summary>
    public async Task<StoreOutcome> PushAsync(InstanceHeader header, byte[] content, string ae = "TESTSCU")
    {
        var temp = Path.Combine(Path.GetTempPath(), "ip-push-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(temp, content);
        try
        {
            return await Store.StoreAsync(header, temp, ae, CancellationToken.None);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Stores a Part 10 file as the SCP would (a copy, its header read from it).</summary>
    public async Task<StoreOutcome> PushFileAsync(string path, string ae = "TESTSCU")
    {
        var temp = Path.Combine(Path.GetTempPath(), "ip-push-" + Guid.NewGuid().ToString("N"));
        File.Copy(path, temp);
        try
        {
            return await Store.StoreAsync(Part10HeaderReader.Read(temp), temp, ae, CancellationToken.None);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Lets the quiet period pass, sweeps and runs the jobs it queued; returns how many ran.</summary>
    public async Task<int> CloseAndProcessAsync()
    {
        Clock.Advance(DefaultStudies.QuietPeriod + TimeSpan.FromSeconds(1));
        await Assembler.SweepAsync(CancellationToken.None);
        return await RunQueuedAsync();
    }

    /// <summary>Runs every queued processing job.</summary>
    public async Task<int> RunQueuedAsync()
    {
        var ran = 0;
        while (Queue.Queued.TryDequeue(out var uid))
        {
            if (await Processing.RunAsync(uid, CancellationToken.None))
            {
                ran++;
            }
        }

        return ran;
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
