using ImagingPipeline.Worker.Configuration;
using ImagingPipeline.Worker.Index;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Audit;

/// <summary>Registration of the audit trail: its table, the per-association tracker, the record writer and the syslog sender.</summary>
internal static class AuditServiceCollectionExtensions
{
    /// <summary>Call before <c>AddWorkerDicom</c>: hosted services stop in reverse order, so the writer and the sender
    /// stop after the DICOM listener and still handle its last associations.</summary>
    public static IServiceCollection AddWorkerAudit(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<AuditOptions>>(sp => sp.GetRequiredService<WorkerOptionsValidator>());
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateOnStart();
        services.AddSingleton<IIndexTables, AuditSchema>();
        services.AddSingleton<AssociationAuditRepository>();
        services.AddSingleton<ReviewAuditRepository>();
        services.AddSingleton<AssociationTracker>();
        services.AddSingleton<SyslogAuditSender>();
        services.AddHostedService(sp => sp.GetRequiredService<SyslogAuditSender>());
        services.AddSingleton<AssociationAuditWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AssociationAuditWriter>());
        return services;
    }
}
