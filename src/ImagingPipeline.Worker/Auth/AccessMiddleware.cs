namespace ImagingPipeline.Worker.Auth;

/// <summary>
/// Enforces sign-in when <see cref="AccessPolicy"/> requires it: the API answers 401 (with a
/// Bearer challenge), pages redirect to the login page. Health, metrics, the login page and the
/// review page's stylesheet and script stay open.
/// </summary>
internal static class AccessMiddleware
{
    public static bool IsOpen(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics")
        || path.StartsWithSegments(LoginEndpoints.LoginPath) || path.StartsWithSegments("/favicon.ico")
        || path.StartsWithSegments(Review.ReviewRoutes.Assets);

    public static IApplicationBuilder UseSignInWhenRequired(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var policy = context.RequestServices.GetRequiredService<AccessPolicy>();
        if (IsOpen(context.Request.Path) || context.User.Identity?.IsAuthenticated == true || !policy.SignInRequired(context))
        {
            await next(context);
            return;
        }

        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return;
        }

        var returnUrl = context.Request.Path + context.Request.QueryString;
        context.Response.Redirect($"{LoginEndpoints.LoginPath}?returnUrl={Uri.EscapeDataString(returnUrl)}");
    });
}
