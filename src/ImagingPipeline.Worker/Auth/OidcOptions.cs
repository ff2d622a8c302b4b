namespace ImagingPipeline.Worker.Auth;

/// <summary>
/// OpenID Connect sign-in (configuration section <c>Auth:Oidc</c>); off while <see cref="Authority"/> is empty.
/// The identity provider's role claim decides the role: <see cref="AdminRole"/> → admin,
/// <see cref="RadiotherapistRole"/> → radiotherapist; an account with neither is refused.
/// </summary>
internal sealed class OidcOptions
{
    /// <summary>The issuer URL (its /.well-known/openid-configuration is read); https unless <see cref="RequireHttpsMetadata"/> is false.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>For the authorization code flow with a confidential client (keep it in an environment variable or a secret store).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Shown on the login page's button: "Sign in with …" (default "single sign-on").</summary>
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>Where the provider sends the browser back (default /signin-oidc); register it with the provider.</summary>
    public string CallbackPath { get; set; } = "/signin-oidc";

    public List<string> Scopes { get; set; } = ["openid", "profile"];

    /// <summary>The claim carrying the user's roles or groups (default "roles").</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim shown and recorded as the user name (default "preferred_username", else the subject).</summary>
    public string NameClaim { get; set; } = "preferred_username";

    public string RadiotherapistRole { get; set; } = Roles.Radiotherapist;

    public string AdminRole { get; set; } = Roles.Admin;

    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>What is wrong with the settings, naming the key; null when they are usable.</summary>
    public string? Problem()
    {
        if (!Enabled)
        {
            return string.IsNullOrWhiteSpace(ClientId) ? null : "Auth:Oidc:Authority is required when Auth:Oidc:ClientId is set.";
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            return "Auth:Oidc:Authority must be an absolute https URL (the issuer).";
        }

        if (authority.Scheme == "http" && RequireHttpsMetadata)
        {
            return "Auth:Oidc:Authority must use https (set Auth:Oidc:RequireHttpsMetadata=false only for a test provider).";
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            return "Auth:Oidc:ClientId is required when Auth:Oidc:Authority is set.";
        }

        if (!CallbackPath.StartsWith('/') || CallbackPath.StartsWith("//", StringComparison.Ordinal))
        {
            return "Auth:Oidc:CallbackPath must be a path on this site such as /signin-oidc.";
        }

        if (!Scopes.Contains("openid", StringComparer.Ordinal))
        {
            return "Auth:Oidc:Scopes must include openid.";
        }

        return string.IsNullOrWhiteSpace(RoleClaim) || string.IsNullOrWhiteSpace(AdminRole) || string.IsNullOrWhiteSpace(RadiotherapistRole)
            ? "Auth:Oidc:RoleClaim, Auth:Oidc:AdminRole and Auth:Oidc:RadiotherapistRole must not be empty."
            : null;
    }
}
