namespace ImagingPipeline.Worker.Auth;

/// <summary>Access log events 7000-7099.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(7000, LogLevel.Warning,
        "HTTP listens on loopback only ({Addresses}): pages and API answer local requests without sign-in. Bind another address or set Auth:RequireSignIn=true to require it.")]
    public static partial void LoopbackWithoutSignIn(ILogger logger, string addresses);

    [LoggerMessage(7001, LogLevel.Information, "Sign-in required for pages and API showing patient data ({Reason}).")]
    public static partial void SignInRequired(ILogger logger, string reason);

    [LoggerMessage(7002, LogLevel.Information, "User {User} signed in.")]
    public static partial void SignedIn(ILogger logger, string user);

    [LoggerMessage(7003, LogLevel.Warning, "Failed sign-in for a user name of {Length} characters from {Remote}.")]
    public static partial void SignInFailed(ILogger logger, int length, string remote);

    [LoggerMessage(7004, LogLevel.Warning, "Rejected a form post without a valid antiforgery token on {Path}.")]
    public static partial void AntiforgeryRejected(ILogger logger, string path);
}
