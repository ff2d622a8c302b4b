namespace ImagingPipeline.Worker.Auth;

/// <summary>Access to pages and API (configuration section <c>Auth</c>).</summary>
internal sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Require sign-in even while HTTP listens on loopback only (default false).</summary>
    public bool RequireSignIn { get; set; }

    /// <summary>SHA-256 hashes (64 hex digits, optionally prefixed <c>sha256:</c>) of the bearer API keys accepted by the REST API.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Idle time after which a signed-in session ends (sliding; default 30 minutes).</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Folder of the key ring that protects session cookies and form tokens (default <c>{Storage:Root}/.keys</c>):
    /// sessions survive a restart, and replicas sharing the store accept each other's cookies.
    /// </summary>
    public string? KeyRingFolder { get; set; }

    /// <summary>OpenID Connect sign-in beside the local accounts (off unless <c>Auth:Oidc:Authority</c> is set).</summary>
    public OidcOptions Oidc { get; set; } = new();
}
