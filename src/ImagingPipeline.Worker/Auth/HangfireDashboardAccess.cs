using Hangfire.Dashboard;

namespace ImagingPipeline.Worker.Auth;

/// <summary>
/// Who may open the Hangfire dashboard at /hangfire: anyone the access policy lets in (signed in,
/// or a local request while sign-in is not required); only admins (and local access without
/// sign-in) may act on jobs, everyone else sees it read-only. The storage connection string is never shown.
/// </summary>
internal sealed class HangfireDashboardAccess : IDashboardAuthorizationFilter
{
    public const string Path = "/hangfire";

    public bool Authorize(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        return http.User.Identity?.IsAuthenticated == true || !http.RequestServices.GetRequiredService<AccessPolicy>().SignInRequired(http);
    }

    public static bool IsReadOnly(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && !user.IsInRole(Roles.Admin);
    }
}
