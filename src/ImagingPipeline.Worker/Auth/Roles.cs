namespace ImagingPipeline.Worker.Auth;

/// <summary>The roles of local accounts: radiotherapists review, admins also reprocess and manage settings.</summary>
internal static class Roles
{
    public const string Radiotherapist = "radiotherapist";
    public const string Admin = "admin";

    /// <summary>Machine clients signed in with a bearer API key.</summary>
    public const string ApiClient = "api-client";

    public static bool IsAccountRole(string role) => role is Radiotherapist or Admin;
}
