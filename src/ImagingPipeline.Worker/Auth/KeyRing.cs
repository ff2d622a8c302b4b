using ImagingPipeline.Worker.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Auth;

/// <summary>
/// The data-protection key ring behind session cookies and antiforgery tokens, kept in
/// <c>Auth:KeyRingFolder</c> (default <c>{Storage:Root}/.keys</c>, a folder only the worker's user may
/// open) instead of the user's home or memory: a restart does not sign everyone out, and several
/// workers on one shared store (and so one folder) read each other's cookies.
/// </summary>
internal static class KeyRing
{
    public const string ApplicationName = "ImagingPipeline";

    public static string Folder(AuthOptions auth, StorageOptions storage) =>
        auth.KeyRingFolder is { Length: > 0 } folder ? Path.GetFullPath(folder) : Path.Combine(storage.FullRoot, ".keys");

    public static IServiceCollection AddKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<AuthOptions>, IOptions<StorageOptions>, ILoggerFactory>((keys, auth, storage, logs) =>
            {
                var folder = Folder(auth.Value, storage.Value);
                var directory = OperatingSystem.IsWindows()
                    ? Directory.CreateDirectory(folder)
                    : Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                keys.XmlRepository = new FileSystemXmlRepository(directory, logs);
            });
        return services;
    }
}
