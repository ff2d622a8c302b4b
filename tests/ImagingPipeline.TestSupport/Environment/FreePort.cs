using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ImagingPipeline.TestSupport.Environment;

/// <summary>Free loopback TCP ports for servers that cannot bind port 0 themselves.</summary>
/// <remarks>
/// A port is chosen below the kernel's ephemeral range: between our check and the server's bind (seconds for a
/// server that boots first), the kernel never hands such a port to a port-0 listener or to an outgoing connection of
/// another test project running in parallel. The ports handed out in this process are not handed out again.
/// </remarks>
public static class FreePort
{
    private const int Floor = 20000;
    private static readonly ConcurrentDictionary<int, byte> Issued = new();

    /// <summary>A loopback port that nobody listens on now, for the caller to bind.</summary>
    public static int Next()
    {
        var ceiling = EphemeralLow() - 1;
        if (ceiling - Floor >= 1000)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(Floor, ceiling + 1);
                if (Issued.TryAdd(port, 0) && CanBind(port))
                {
                    return port;
                }
            }
        }

        // The ephemeral range starts too low to leave room below it: let the kernel choose.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var chosen = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Issued.TryAdd(chosen, 0);
        return chosen;
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of the kernel's ephemeral range (Linux: net.ipv4.ip_local_port_range), 32768 elsewhere.</summary>
    private static int EphemeralLow()
    {
        try
        {
            var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range");
            var first = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0];
            return int.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32768;
        }
    }
}
