using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using ImagingPipeline.Dicom.Network;
using ImagingPipeline.Worker.Dicom;
using ImagingPipeline.Worker.Tests.Host;
using ImagingPipeline.Worker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Audit;

/// <summary>A whole worker (SQLite, or PostgreSQL when a connection string is given) with helpers to push instances
/// over real associations and to read the audit API.</summary>
internal sealed class AuditWorld : IAsyncDisposable
{
    public const string OurAe = "IMAGINGPIPE";
    private readonly TempDirectory _root = new();
    private readonly TempDirectory _files = new();
    private bool _disposed;

    public AuditWorld(string? postgres = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Storage:Root"] = _root.Path,
            ["Storage:MinimumFreeSpace"] = "0",
            ["Dicom:Port"] = "0",
            ["ConnectionStrings:Postgres"] = postgres,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        Factory = new WorkerFactory(settings);
    }

    public WorkerFactory Factory { get; }

    public string StoreRoot => _root.Path;

    public int Port => Factory.Services.GetRequiredService<DicomListenerService>().LocalEndPoint.Port;

    public static DicomClient Client(int port, string calling, string called = OurAe) =>
        new("127.0.0.1", port) { CallingAeTitle = calling, CalledAeTitle = called, Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>CT files of one new study for patient <paramref name="patientId"/>: (path, SOP Instance UID, size).</summary>
    public (string Study, List<(string Path, string Sop, long Size)> Files) CtStudy(int count, string patientId = "AUD-1",
        string patientName = "AUDIT^PATIENT")
    {
        var (study, series) = (Instances.NewUid(), Instances.NewUid());
        var files = new List<(string, string, long)>();
        for (var i = 0; i < count; i++)
        {
            var sop = Instances.NewUid();
            var dataset = Part10.ExplicitDataset(
                (0x0008, 0x0016, "UI", Instances.Ct), (0x0008, 0x0018, "UI", sop), (0x0008, 0x0060, "CS", "CT"),
                (0x0010, 0x0010, "PN", patientName), (0x0010, 0x0020, "LO", patientId),
                (0x0020, 0x000D, "UI", study), (0x0020, 0x000E, "UI", series));
            var path = Path.Combine(_files.Path, sop + ".dcm");
            var bytes = Part10.Wrap(dataset, Instances.Ct, sop, Part10.ExplicitLittleEndian);
            File.WriteAllBytes(path, bytes);
            files.Add((path, sop, bytes.Length));
        }

        return (study, files);
    }

    /// <summary>A CT file whose data set names another SOP Instance UID than its file meta (and so the C-STORE command): refused with A900.</summary>
    public string MismatchedFile()
    {
        var sop = Instances.NewUid();
        var dataset = Part10.ExplicitDataset(
            (0x0008, 0x0016, "UI", Instances.Ct), (0x0008, 0x0018, "UI", Instances.NewUid()), (0x0008, 0x0060, "CS", "CT"),
            (0x0010, 0x0020, "LO", "AUD-X"), (0x0020, 0x000D, "UI", Instances.NewUid()), (0x0020, 0x000E, "UI", Instances.NewUid()));
        var path = Path.Combine(_files.Path, sop + ".dcm");
        File.WriteAllBytes(path, Part10.Wrap(dataset, Instances.Ct, sop, Part10.ExplicitLittleEndian));
        return path;
    }

    /// <summary>An association (Verification proposed) that is accepted and then aborted by the requestor with an A-ABORT.</summary>
    public async Task AbortedAssociationAsync(string calling, CancellationToken ct)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, Port, ct);
        var stream = tcp.GetStream();
        await stream.WriteAsync(DicomListenerConfigurationTests.AssociateRequest(OurAe, calling), ct);
        var header = new byte[6];
        await stream.ReadExactlyAsync(header, ct);
        Assert.Equal(2, header[0]); // A-ASSOCIATE-AC
        var body = new byte[System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
        await stream.ReadExactlyAsync(body, ct);
        // A-ABORT (PS3.8 9.3.8): type 7, length 4, reserved, reserved, source 0 (service user), reason 0.
        await stream.WriteAsync(new byte[] { 7, 0, 0, 0, 0, 4, 0, 0, 0, 0 }, ct);
        await stream.FlushAsync(ct);
        var rest = new byte[16];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (await stream.ReadAsync(rest, timeout.Token) > 0)
        {
        }
    }

    /// <summary>GETs <paramref name="url"/> until the array it answers has at least <paramref name="count"/> entries (records are written just after the close).</summary>
    public static async Task<JsonElement[]> WaitForAsync(HttpClient client, string url, int count, CancellationToken ct)
    {
        JsonElement[] rows = [];
        for (var attempt = 0; attempt < 200; attempt++)
        {
            rows = [.. (await client.GetFromJsonAsync<JsonElement>(url, ct)).EnumerateArray()];
            if (rows.Length >= count)
            {
                return rows;
            }

            await Task.Delay(100, ct);
        }

        Assert.Fail($"{url} answered {rows.Length} entries, expected {count}");
        return rows;
    }

    /// <summary>Stops the host (again: a no-op) and deletes its folders.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await Factory.DisposeAsync();
        _root.Dispose();
        _files.Dispose();
    }
}
