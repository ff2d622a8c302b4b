using System.Collections.Concurrent;
using System.Net.Sockets;
using ImagingPipeline.Dicom;
using ImagingPipeline.Dicom.Network;

namespace ImagingPipeline.EndToEnd.Tests.Support;

/// <summary>Pushes files to the worker with the toolkit's SCU, as a PACS would.</summary>
internal static class ScuPush
{
    public const string CalledAeTitle = "IMAGINGPIPE";

    /// <summary>
    /// Sends each file on an association of its own, in order, and records the SOP Instance UID of
    /// every file the worker acknowledged with a success status in <paramref name="acknowledged"/>
    /// (as it happens, so a caller that kills the worker meanwhile knows exactly what was
    /// acknowledged). Stops at the first file that could not be sent or was refused; returns how many
    /// were acknowledged.
    /// </summary>
    public static async Task<int> OneByOneAsync(int port, IEnumerable<string> files, ConcurrentDictionary<string, string> acknowledged,
        CancellationToken ct)
    {
        var client = Client(port);
        var count = 0;
        foreach (var file in files)
        {
            try
            {
                var result = (await client.StoreAsync([file], ct)).Single();
                if (!result.Succeeded)
                {
                    return count;
                }

                acknowledged[result.SopInstanceUid!] = file;
                count++;
            }
            catch (Exception e) when (e is DicomNetworkException or IOException or SocketException or TimeoutException or DicomException)
            {
                return count;
            }
        }

        return count;
    }

    /// <summary>Sends <paramref name="files"/> on one association; the per-file results.</summary>
    public static Task<IReadOnlyList<DicomSendResult>> AssociationAsync(int port, IEnumerable<string> files, CancellationToken ct) =>
        Client(port).StoreAsync(files, ct);

    private static DicomClient Client(int port) => new("127.0.0.1", port)
    {
        CalledAeTitle = CalledAeTitle,
        CallingAeTitle = "FAULTS-SCU",
        Timeout = TimeSpan.FromSeconds(10),
        DimseTimeout = TimeSpan.FromSeconds(30),
    };
}
