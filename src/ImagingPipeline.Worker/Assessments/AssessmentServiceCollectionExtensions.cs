using ImagingPipeline.Worker.Index;

namespace ImagingPipeline.Worker.Assessments;

/// <summary>Registration of the result tables, their repositories and what records extractions into them.</summary>
internal static class AssessmentServiceCollectionExtensions
{
    public static IServiceCollection AddImagingPipelineAssessments(this IServiceCollection services)
    {
        services.AddOptions<AssessmentOptions>().BindConfiguration(AssessmentOptions.Section)
            .Validate(o => o.TimepointWindow > TimeSpan.Zero, "Assessments:TimepointWindow must be a positive time span such as 30.00:00:00.")
            .ValidateOnStart();
        services.AddSingleton<IIndexTables, AssessmentSchema>();
        services.AddSingleton<AssessmentRepository>();
        services.AddSingleton<ReviewRepository>();
        services.AddSingleton<AssessmentRecorder>();
        services.AddSingleton<PatientLocks>();
        return services;
    }
}
