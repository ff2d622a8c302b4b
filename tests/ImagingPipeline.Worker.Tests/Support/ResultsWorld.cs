using ImagingPipeline.Worker.Assessments;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Messaging;
using ImagingPipeline.Worker.Outbox;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Tests.Support;

/// <summary>
/// The index (SQLite in a temp folder, or a PostgreSQL database) with its outbox and result
/// tables, the worker's messaging registration (RabbitMQ when a URI is given, else the in-memory
/// bus) with the bus started, and the repositories; the relay is driven by the test.
/// </summary>
internal sealed class ResultsWorld : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private ServiceProvider _provider = null!;

    public IndexDatabase Database { get; private set; } = null!;

    public StudyIndex Index { get; private set; } = null!;

    public OutboxWriter Writer { get; private set; } = null!;

    public OutboxRelay Relay { get; private set; } = null!;

    public AssessmentRepository Assessments { get; private set; } = null!;

    public ReviewRepository Reviews { get; private set; } = null!;

    public AssessmentRecorder Recorder { get; private set; } = null!;

    public IBus Bus { get; private set; } = null!;

    public ManualClock Clock { get; } = new();

    public OutboxOptions Options { get; private set; } = null!;

    /// <param name="publishTimeout">How long a publish waits for the broker's confirm (default 20 s, well above a loaded
    /// machine's latency, the first publish included: it connects and declares the exchange); short only where the broker is down.</param>
    public static async Task<ResultsWorld> StartAsync(CancellationToken ct, Uri? amqp = null, string? postgres = null,
        TimeSpan? publishTimeout = null)
    {
        var world = new ResultsWorld();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = amqp?.ToString(),
            ["Outbox:PublishTimeout"] = (publishTimeout ?? TimeSpan.FromSeconds(20)).ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Outbox:ClaimLease"] = "00:01:00",
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Outbox:MaxBackoff"] = "00:00:02",
        }).Build();
        world.Database = postgres is null ? IndexDatabase.ForSqlite(Path.Combine(world._dir.Path, "index.db")) : IndexDatabase.ForPostgres(postgres);
        world._provider = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(world.Database)
            .AddSingleton<TimeProvider>(world.Clock)
            .AddSingleton<StudyIndex>()
            .AddImagingPipelineMessaging(configuration)
            .AddImagingPipelineAssessments()
            .BuildServiceProvider();
        await IndexSchema.CreateAsync(world.Database, ct);
        foreach (var tables in world._provider.GetServices<IIndexTables>())
        {
            await tables.CreateAsync(world.Database, ct);
        }

        await world._provider.GetRequiredService<IBusControl>().StartAsync(ct);
        world.Index = world._provider.GetRequiredService<StudyIndex>();
        world.Writer = world._provider.GetRequiredService<OutboxWriter>();
        world.Relay = world._provider.GetRequiredService<OutboxRelay>();
        world.Assessments = world._provider.GetRequiredService<AssessmentRepository>();
        world.Reviews = world._provider.GetRequiredService<ReviewRepository>();
        world.Recorder = world._provider.GetRequiredService<AssessmentRecorder>();
        world.Bus = world._provider.GetRequiredService<IBus>();
        world.Options = world._provider.GetRequiredService<IOptions<OutboxOptions>>().Value;
        return world;
    }

    /// <summary>A second relay, as a restarted worker would have.</summary>
    public OutboxRelay NewRelay() => ActivatorUtilities.CreateInstance<OutboxRelay>(_provider);

    /// <summary>Runs the relay until nothing is pending or the deadline passes.</summary>
    public async Task DrainOutboxAsync(CancellationToken ct, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (await Relay.PendingAsync(ct) > 0 && DateTime.UtcNow < deadline)
        {
            if (await Relay.RunOnceAsync(ct) == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.GetRequiredService<IBusControl>().StopAsync(CancellationToken.None);
        await _provider.DisposeAsync();
        await Database.DisposeAsync();
        _dir.Dispose();
    }
}
