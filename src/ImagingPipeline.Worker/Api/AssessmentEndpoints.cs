using ImagingPipeline.Worker.Assessments;

namespace ImagingPipeline.Worker.Api;

/// <summary>
/// Assessments in the shape of the OligoProgressionAssessed message:
/// <c>GET /api/patients/{patientId}/assessment[?issuer=&amp;history=true]</c> (the latest version of the
/// patient's latest timepoint; every version of every timepoint, newest first, with history) and
/// <c>GET /api/studies/{studyUid}/sites</c> (the sites of the latest assessment of the study's timepoint).
/// </summary>
internal static class AssessmentEndpoints
{
    public static IEndpointRouteBuilder MapAssessmentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/patients/{patientId}/assessment", PatientAsync);
        app.MapGet("/api/studies/{studyUid}/sites", SitesAsync);
        return app;
    }

    private static async Task<IResult> PatientAsync(AssessmentRepository assessments, string patientId, string? issuer, bool? history,
        CancellationToken ct)
    {
        var found = await assessments.ForPatientAsync(patientId, issuer, history == true, ct);
        if (found.Count == 0)
        {
            return Results.Problem("No assessment for this patient.", statusCode: StatusCodes.Status404NotFound);
        }

        return history == true ? Results.Ok(found) : Results.Ok(found[0]);
    }

    private static async Task<IResult> SitesAsync(AssessmentRepository assessments, string studyUid, CancellationToken ct) =>
        await assessments.ForStudyAsync(studyUid, ct) is { } a
            ? Results.Ok(new
            {
                studyInstanceUid = a.StudyInstanceUid,
                a.Version,
                a.ExtracranialSiteCount,
                a.IntracranialLesionCount,
                a.NodalRegionCount,
                a.Sites,
            })
            : Results.Problem($"No assessment uses study {studyUid}.", statusCode: StatusCodes.Status404NotFound);
}
