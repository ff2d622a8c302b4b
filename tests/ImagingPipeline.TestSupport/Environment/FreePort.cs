using System.Net;
using System.Net.Sockets;

namespace ImagingPipeline.TestSupport.Environment;

/// <summary>Free loopback TCP ports for servers that cannot bind port 0 themselves.</summary>
public static class FreePort
{
    /// <summary>Asks the kernel for a free loopback port and releases it for the caller to bind.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
