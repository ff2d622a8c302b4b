using System.Globalization;
using ImagingPipeline.Worker.Audit;
using ImagingPipeline.Worker.Auth;

namespace ImagingPipeline.Worker.Api;

/// <summary>
/// The audit trail, admins only, newest first, at most <see cref="MaxLimit"/> entries a request:
/// <c>GET /api/audit/associations?from=&amp;to=&amp;callingAe=&amp;limit=</c> (DICOM connections) and
/// <c>GET /api/audit/review-decisions?from=&amp;to=&amp;patientId=&amp;limit=</c> (review decisions and sign-offs).
/// <c>from</c>/<c>to</c> are ISO 8601 times (UTC unless an offset is given), inclusive. A signed-in user without the
/// admin role gets 403; without sign-in only a loopback request that the access policy lets in (like the rest of the API).
/// </summary>
internal static class AuditEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit/associations", AssociationsAsync);
        app.MapGet("/api/audit/review-decisions", ReviewDecisionsAsync);
        return app;
    }

    private static async Task<IResult> AssociationsAsync(HttpContext context, AssociationAuditRepository repository, string? from, string? to,
        string? callingAe, int? limit, CancellationToken ct)
    {
        if (Check(context, from, to, limit, out var range) is { } refused)
        {
            return refused;
        }

        return Results.Ok(await repository.ListAsync(new AssociationAuditQuery(range.From, range.To, callingAe?.Trim(), range.Limit), ct));
    }

    private static async Task<IResult> ReviewDecisionsAsync(HttpContext context, ReviewAuditRepository repository, string? from, string? to,
        string? patientId, int? limit, CancellationToken ct)
    {
        if (Check(context, from, to, limit, out var range) is { } refused)
        {
            return refused;
        }

        return Results.Ok(await repository.ListAsync(new ReviewAuditQuery(range.From, range.To, patientId, range.Limit), ct));
    }

    private static IResult? Check(HttpContext context, string? from, string? to, int? limit,
        out (DateTimeOffset? From, DateTimeOffset? To, int Limit) range)
    {
        range = default;
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true && !user.IsInRole(Roles.Admin))
        {
            return Results.Problem("The audit trail needs the admin role.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (!TryTime(from, out var start) || !TryTime(to, out var end))
        {
            return Results.Problem("from and to are ISO 8601 times such as 2026-01-05T08:00:00Z.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (limit is < 1 or > MaxLimit)
        {
            return Results.Problem($"limit is 1-{MaxLimit} (default {DefaultLimit}).", statusCode: StatusCodes.Status400BadRequest);
        }

        range = (start, end, limit ?? DefaultLimit);
        return null;
    }

    private static bool TryTime(string? value, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        return false;
    }
}
