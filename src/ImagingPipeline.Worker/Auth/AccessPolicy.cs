using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Auth;

/// <summary>
/// Whether sign-in is required: always with <c>Auth:RequireSignIn</c>, else as soon as HTTP is bound
/// to any address that is not loopback (like Orthanc's remote access rule). A request arriving from
/// a non-loopback peer needs sign-in in any case.
/// </summary>
internal sealed class AccessPolicy(IServer server, IOptions<AuthOptions> options)
{
    private bool? _listensBeyondLoopback;

    public bool RequireSignInConfigured => options.Value.RequireSignIn;

    /// <summary>True when some bound address is not loopback (read once the server has started).</summary>
    public bool ListensBeyondLoopback => _listensBeyondLoopback ??= BoundAddresses().Any(a => !IsLoopbackAddress(a));

    public IReadOnlyCollection<string> BoundAddresses() =>
        server.Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];

    public bool SignInRequired(HttpContext context)
    {
        if (RequireSignInConfigured || ListensBeyondLoopback)
        {
            return true;
        }

        var remote = context.Connection.RemoteIpAddress;
        return remote is not null && !IPAddress.IsLoopback(remote);
    }

    /// <summary>True for http(s)://localhost, 127.0.0.0/8 and [::1]; false for wildcards (*, +, 0.0.0.0, [::]) and anything else.</summary>
    public static bool IsLoopbackAddress(string address)
    {
        var schemeEnd = address.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd >= 0 ? address[(schemeEnd + 3)..] : address;
        string host;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            host = close > 0 ? rest[1..close] : rest;
        }
        else
        {
            var end = rest.IndexOfAny([':', '/']);
            host = end >= 0 ? rest[..end] : rest;
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }
}
