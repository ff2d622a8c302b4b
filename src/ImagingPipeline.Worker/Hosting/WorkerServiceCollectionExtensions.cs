using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using ImagingPipeline.Worker.Configuration;
using ImagingPipeline.Worker.Health;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Metrics;
using ImagingPipeline.Worker.Storage;
using ImagingPipeline.Worker.Studies;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Hosting;

/// <summary>Registration of the worker's services, grouped by concern.</summary>
internal static class WorkerServiceCollectionExtensions
{
    public static IServiceCollection AddWorkerOptions(this IServiceCollection services)
    {
        services.AddSingleton<WorkerOptionsValidator>();
        services.AddSingleton<IValidateOptions<StorageOptions>>(sp => sp.GetRequiredService<WorkerOptionsValidator>());
        services.AddSingleton<IValidateOptions<StudiesOptions>>(sp => sp.GetRequiredService<WorkerOptionsValidator>());
        services.AddSingleton<IValidateOptions<DicomOptions>>(sp => sp.GetRequiredService<WorkerOptionsValidator>());
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.AddOptions<StudiesOptions>().BindConfiguration(StudiesOptions.Section).ValidateOnStart();
        services.AddOptions<DicomOptions>().BindConfiguration(DicomOptions.Section).ValidateOnStart();
        return services;
    }

    /// <summary>The index: PostgreSQL when ConnectionStrings:Postgres is set, else SQLite under Storage:Root.</summary>
    public static IServiceCollection AddWorkerIndex(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var postgres = configuration.GetConnectionString("Postgres");
            return string.IsNullOrWhiteSpace(postgres)
                ? IndexDatabase.ForSqlite(Path.Combine(sp.GetRequiredService<IOptions<StorageOptions>>().Value.FullRoot, "index.db"))
                : IndexDatabase.ForPostgres(postgres);
        });
        services.AddSingleton<StudyIndex>();
        services.AddHostedService<IndexSchemaService>();
        return services;
    }

    public static IServiceCollection AddWorkerStore(this IServiceCollection services)
    {
        services.AddSingleton<WorkerMetrics>();
        services.AddSingleton<InstanceStore>();
        services.AddSingleton<StoreRecovery>();
        return services;
    }

    /// <summary>Study assembly and processing on Hangfire (PostgreSQL storage with the PostgreSQL index, else in-memory).</summary>
    public static IServiceCollection AddWorkerJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<StudyAssembler>();
        services.AddSingleton<StudyProcessingJob>();
        services.AddSingleton<IStudyProcessor, ExtractionStudyProcessor>();
        services.AddTransient<StudyJobs>();
        services.AddSingleton<IStudyJobQueue, HangfireStudyJobQueue>();
        var postgres = configuration.GetConnectionString("Postgres");
        // This host's own storage (not only Hangfire's static JobStorage.Current), so the server,
        // the clients and /metrics all use it even when several hosts share a process (tests).
        services.AddSingleton<JobStorage>(_ => string.IsNullOrWhiteSpace(postgres)
            ? new Hangfire.InMemory.InMemoryStorage()
            : new PostgreSqlStorage(new NpgsqlConnectionFactory(postgres, new PostgreSqlStorageOptions()),
                new PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire",
                    PrepareSchemaIfNecessary = true,
                    // A worker killed while it holds one of Hangfire's locks (the recurring scheduler's)
                    // must not stall every other worker for the 10 minute default; none of our jobs holds one.
                    DistributedLockTimeout = TimeSpan.FromSeconds(30),
                    // A job fetched by a killed worker comes back after this, not after the 30 minute default;
                    // a live worker keeps its long job invisible by refreshing the fetch time.
                    InvisibilityTimeout = TimeSpan.FromMinutes(2),
                    UseSlidingInvisibilityTimeout = true,
                }));
        services.AddHangfire((sp, hangfire) => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(sp.GetRequiredService<JobStorage>()));
        services.AddHangfireServer((sp, server) =>
        {
            var studies = sp.GetRequiredService<IOptions<StudiesOptions>>().Value;
            server.SchedulePollingInterval = TimeSpan.FromSeconds(Math.Clamp(studies.SweepInterval.TotalSeconds / 2, 1, 15));
            server.WorkerCount = Math.Max(2, Environment.ProcessorCount);
        });
        services.AddHostedService<StudySweepService>();
        return services;
    }

    /// <summary>The <c>--demo</c> push of sample-dicom/ (Demo:Enabled), printing to the console.</summary>
    public static IServiceCollection AddWorkerDemo(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>(DemoService.EnabledKey))
        {
            services.TryAddSingleton(new DemoConsole(Console.Out));
            services.AddHostedService<DemoService>();
        }

        return services;
    }

    /// <summary>The DICOM SCP (C-ECHO, C-STORE into the store) as a hosted service.</summary>
    public static IServiceCollection AddWorkerDicom(this IServiceCollection services)
    {
        services.AddSingleton<Dicom.WorkerStoreHandler>();
        services.AddSingleton<Dicom.WorkerServerObserver>();
        services.AddSingleton<Dicom.WorkerStorageCommitmentHandler>();
        services.AddSingleton<Dicom.DicomListenerService>();
        services.AddHostedService(sp => sp.GetRequiredService<Dicom.DicomListenerService>());
        return services;
    }

    public static IServiceCollection AddWorkerHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: ["ready"])
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }
}
