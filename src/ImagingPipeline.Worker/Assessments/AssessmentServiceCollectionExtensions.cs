using ImagingPipeline.Worker.Index;

namespace ImagingPipeline.Worker.Assessments;

/// <summary>Registration of the result tables and their repositories.</summary>
internal static class AssessmentServiceCollectionExtensions
{
    public static IServiceCollection AddImagingPipelineAssessments(this IServiceCollection services)
    {
        services.AddSingleton<IIndexTables, AssessmentSchema>();
        services.AddSingleton<AssessmentRepository>();
        services.AddSingleton<ReviewRepository>();
        return services;
    }
}
