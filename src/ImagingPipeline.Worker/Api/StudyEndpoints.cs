using ImagingPipeline.Worker.Auth;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Studies;

namespace ImagingPipeline.Worker.Api;

/// <summary>GET /api/studies, GET /api/studies/{uid}, POST /api/studies/{uid}/reprocess (admins and API keys).</summary>
internal static class StudyEndpoints
{
    public static IEndpointRouteBuilder MapStudyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/studies");
        group.MapGet("/", ListAsync);
        group.MapGet("/{studyUid}", GetAsync);
        group.MapPost("/{studyUid}/reprocess", ReprocessAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(StudyIndex index, string? patient, string? state, string? from, string? to,
        int? page, int? pageSize, CancellationToken ct)
    {
        var p = page ?? 1;
        var size = pageSize ?? 50;
        if (p < 1 || size is < 1 or > 500)
        {
            return Results.Problem("page must be ≥ 1 and pageSize 1-500.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (state is not null && !StudyState.IsKnown(state))
        {
            return Results.Problem($"state must be one of {string.Join(", ", StudyState.All)}.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!IsDate(from) || !IsDate(to))
        {
            return Results.Problem("from and to are DICOM dates (YYYYMMDD).", statusCode: StatusCodes.Status400BadRequest);
        }

        return Results.Ok(await index.ListStudiesAsync(new StudyQuery(patient, state, from, to, p, size), ct));
    }

    private static async Task<IResult> GetAsync(StudyIndex index, string studyUid, CancellationToken ct) =>
        await index.GetStudyAsync(studyUid, ct) is { } detail
            ? Results.Ok(detail)
            : Results.Problem($"Study {studyUid} is not in the index.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<IResult> ReprocessAsync(HttpContext context, StudyIndex index, IStudyJobQueue queue, string studyUid, CancellationToken ct)
    {
        // Radiotherapists review; reprocessing is for admins and machine clients (API keys). Local
        // requests without sign-in (loopback, sign-in not required) may reprocess too.
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true && !user.IsInRole(Roles.Admin) && !user.IsInRole(Roles.ApiClient))
        {
            return Results.Problem("Reprocessing needs the admin role.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (await index.TryReprocessAsync(studyUid, ct) is { } version)
        {
            queue.EnqueueProcessing(studyUid);
            return Results.Accepted($"/api/studies/{studyUid}", new { studyInstanceUid = studyUid, version, state = StudyState.Complete });
        }

        return await index.GetStudyAsync(studyUid, ct) is { } detail
            ? Results.Problem($"Study {studyUid} is {detail.Study.State}; only Extracted, Published or Failed studies can be reprocessed.",
                statusCode: StatusCodes.Status409Conflict)
            : Results.Problem($"Study {studyUid} is not in the index.", statusCode: StatusCodes.Status404NotFound);
    }

    private static bool IsDate(string? value) =>
        value is null || (value.Length == 8 && value.All(char.IsAsciiDigit));
}
