using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ImagingPipeline.Dicom.Network;
using ImagingPipeline.TestSupport.Security;
using ImagingPipeline.Worker.Dicom;
using ImagingPipeline.Worker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Host;

/// <summary>The worker's <c>Dicom:*</c> keys reach the running listener: storage commitment from the index, the TLS
/// port, allow-lists, extra AE titles, the association limit and the idle timeout.</summary>
[Collection(HostCollection.Name)]
public sealed class DicomListenerConfigurationTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly TempDirectory _root = new();
    private readonly TempDirectory _files = new();

    public void Dispose()
    {
        _root.Dispose();
        _files.Dispose();
    }

    private WorkerFactory Worker(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Storage:Root"] = _root.Path,
            ["Storage:MinimumFreeSpace"] = "0",
            ["Dicom:Port"] = "0",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new WorkerFactory(all);
    }

    private static int Port(WorkerFactory worker) => worker.Services.GetRequiredService<DicomListenerService>().LocalEndPoint.Port;

    private static DicomClient Client(int port, string calling = "TESTSCU", string called = "IMAGINGPIPE") =>
        new("127.0.0.1", port) { CallingAeTitle = calling, CalledAeTitle = called, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>CT files of one new study: (path, SOP Instance UID, study, series).</summary>
    private List<(string Path, string Sop, string Study, string Series)> CtFiles(int count)
    {
        var (study, series) = (Instances.NewUid(), Instances.NewUid());
        var files = new List<(string, string, string, string)>();
        for (var i = 0; i < count; i++)
        {
            var sop = Instances.NewUid();
            var dataset = Part10.ExplicitDataset(
                (0x0008, 0x0016, "UI", Instances.Ct), (0x0008, 0x0018, "UI", sop), (0x0008, 0x0060, "CS", "CT"),
                (0x0010, 0x0020, "LO", "CFG-1"), (0x0020, 0x000D, "UI", study), (0x0020, 0x000E, "UI", series));
            var path = System.IO.Path.Combine(_files.Path, sop + ".dcm");
            File.WriteAllBytes(path, Part10.Wrap(dataset, Instances.Ct, sop, Part10.ExplicitLittleEndian));
            files.Add((path, sop, study, series));
        }

        return files;
    }

    [Fact]
    public async Task Storage_commitment_commits_only_what_is_stored_on_disk_and_indexed()
    {
        await using var worker = Worker();
        _ = worker.Services; // starts the host
        var port = Port(worker);
        var files = CtFiles(4);
        Assert.All(await Client(port).StoreAsync(files.Select(f => f.Path), Ct), r => Assert.True(r.Succeeded, r.Error));

        // The fourth instance's file disappears from the store (a disk replaced, a careless clean-up): not committed.
        var gone = files[3];
        File.Delete(System.IO.Path.Combine(_root.Path, gone.Study, gone.Series, gone.Sop + ".dcm"));
        var bogus = Instances.NewUid();
        var references = files.Select(f => new DicomSopReference(Instances.Ct, f.Sop)).ToList();
        references.Add(new DicomSopReference(Instances.Ct, bogus));
        // Stored as CT, asked for as MR: class/instance conflict.
        references[2] = new DicomSopReference("1.2.840.10008.5.1.4.1.1.4", files[2].Sop);

        var outcome = await Client(port).RequestStorageCommitmentAsync(references, waitForReport: TimeSpan.FromSeconds(30), ct: Ct);

        Assert.Equal(0, outcome.ActionStatus);
        var report = Assert.IsType<StorageCommitmentReport>(outcome.Report);
        Assert.Equal(2, report.EventTypeId);
        Assert.Equal(new[] { files[0].Sop, files[1].Sop }.Order(StringComparer.Ordinal),
            report.Committed.Select(r => r.SopInstanceUid).Order(StringComparer.Ordinal));
        var failed = report.Failed.ToDictionary(f => f.Reference.SopInstanceUid, f => f.FailureReason, StringComparer.Ordinal);
        Assert.Equal(3, failed.Count);
        Assert.Equal(StorageCommitmentFailureReason.ClassInstanceConflict, failed[files[2].Sop]);
        Assert.Equal(StorageCommitmentFailureReason.NoSuchObjectInstance, failed[gone.Sop]);
        Assert.Equal(StorageCommitmentFailureReason.NoSuchObjectInstance, failed[bogus]);
    }

    [Fact]
    public async Task Tls_port_with_required_client_certificates_stores_and_refuses_plain_and_untrusted_peers()
    {
        using var certs = new TestCertificates();
        await using var worker = Worker(
            ("Dicom:Tls:Port", "0"), ("Dicom:Tls:CertificatePath", certs.ServerPem), ("Dicom:Tls:KeyPath", certs.ServerKeyPem),
            ("Dicom:Tls:RequireClientCertificate", "true"), ("Dicom:Tls:TrustedClientCertificatesPath", certs.CaPem));
        var tlsPort = worker.Services.GetRequiredService<DicomListenerService>().TlsEndPoint.Port;
        DicomClient TlsClient(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate) =>
            new("127.0.0.1", tlsPort)
            {
                CallingAeTitle = "TLSSCU", CalledAeTitle = "IMAGINGPIPE", Timeout = TimeSpan.FromSeconds(10),
                Tls = new DicomTlsClientOptions { TrustedCertificatesPath = certs.CaPem, ClientCertificate = certificate },
            };

        var file = Assert.Single(CtFiles(1));
        Assert.True(Assert.Single(await TlsClient(certs.Client).StoreAsync([file.Path], Ct)).Succeeded);
        Assert.True(File.Exists(System.IO.Path.Combine(_root.Path, file.Study, file.Series, file.Sop + ".dcm")));

        await Assert.ThrowsAnyAsync<Exception>(() => Client(tlsPort).EchoAsync(Ct)); // plain DICOM to the TLS port
        await Assert.ThrowsAnyAsync<Exception>(() => TlsClient(null).EchoAsync(Ct)); // no client certificate
        await Assert.ThrowsAnyAsync<Exception>(() => TlsClient(certs.UntrustedClient).EchoAsync(Ct)); // one from another CA
        Assert.Equal(0, await TlsClient(certs.Client).EchoAsync(Ct)); // and the port still serves
        Assert.Equal(0, await Client(Port(worker)).EchoAsync(Ct)); // as does the plain one
    }

    [Fact]
    public async Task Allow_lists_and_additional_ae_titles_decide_who_may_associate()
    {
        await using (var worker = Worker(("Dicom:AdditionalAeTitles:0", "OLDPIPE"), ("Dicom:CallingAeAllowList:0", "PACS1")))
        {
            _ = worker.Services;
            var port = Port(worker);
            Assert.Equal(0, await Client(port, "PACS1").EchoAsync(Ct));
            Assert.Equal(0, await Client(port, "PACS1", "OLDPIPE").EchoAsync(Ct));
            Assert.Equal(((byte)1, (byte)1, (byte)3), await RejectionAsync(Client(port, "PACS2")));
            Assert.Equal(((byte)1, (byte)1, (byte)7), await RejectionAsync(Client(port, "PACS1", "SOMEONEELSE")));
        }

        await using (var worker = Worker(("Dicom:SourceAddressAllowList:0", "192.0.2.10")))
        {
            _ = worker.Services;
            Assert.Equal(((byte)1, (byte)1, (byte)1), await RejectionAsync(Client(Port(worker))));
        }

        await using (var worker = Worker(("Dicom:SourceAddressAllowList:0", "127.0.0.1")))
        {
            _ = worker.Services;
            Assert.Equal(0, await Client(Port(worker)).EchoAsync(Ct));
        }
    }

    [Fact]
    public async Task One_association_over_the_limit_is_rejected_transiently_and_a_stalled_slot_frees_after_the_idle_timeout()
    {
        // The idle clock of the first stalled association runs while the second opens and the third is refused: 5 s leaves
        // room for a loaded machine.
        await using var worker = Worker(("Dicom:MaxAssociations", "2"), ("Dicom:IdleTimeout", "00:00:05"));
        _ = worker.Services;
        var port = Port(worker);
        using var first = await OpenStalledAssociationAsync(port);
        using var second = await OpenStalledAssociationAsync(port);

        Assert.Equal(((byte)2, (byte)3, (byte)2), await RejectionAsync(Client(port)));

        // The stalled peers send nothing more: the idle timeout aborts them (A-ABORT, then close) and frees the slots.
        foreach (var stalled in new[] { first, second })
        {
            var closed = await ReadUntilClosedAsync(stalled.GetStream());
            Assert.Equal(7, closed[0]); // A-ABORT
        }

        // A slot is free before its peer sees the A-ABORT: an echo sent at once is accepted.
        Assert.Equal(0, await Client(port).EchoAsync(Ct));
    }

    private static async Task<(byte, byte, byte)> RejectionAsync(DicomClient client)
    {
        var error = await Assert.ThrowsAsync<DicomNetworkException>(() => client.EchoAsync(Ct));
        return Assert.IsType<(byte, byte, byte)>(error.Rejection);
    }

    /// <summary>A TCP connection whose A-ASSOCIATE-RQ (Verification, implicit VR LE) was accepted, then silence.</summary>
    private static async Task<TcpClient> OpenStalledAssociationAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, Ct);
        await tcp.GetStream().WriteAsync(AssociateRequest("IMAGINGPIPE", "STALLER"), Ct);
        var header = new byte[6];
        await tcp.GetStream().ReadExactlyAsync(header, Ct);
        Assert.Equal(2, header[0]); // A-ASSOCIATE-AC
        var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
        await tcp.GetStream().ReadExactlyAsync(body, Ct);
        return tcp;
    }

    private static async Task<byte[]> ReadUntilClosedAsync(NetworkStream stream)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var all = new MemoryStream();
        var buffer = new byte[256];
        int n;
        while ((n = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            all.Write(buffer, 0, n);
        }

        return all.ToArray();
    }

    /// <summary>A-ASSOCIATE-RQ (PS3.8 9.3.2) proposing Verification in implicit VR little endian.</summary>
    internal static byte[] AssociateRequest(string called, string calling)
    {
        static byte[] Item(byte type, byte[] value)
        {
            var item = new byte[4 + value.Length];
            item[0] = type;
            BinaryPrimitives.WriteUInt16BigEndian(item.AsSpan(2), (ushort)value.Length);
            value.CopyTo(item, 4);
            return item;
        }

        static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);
        var maxLength = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(maxLength, 16384);
        byte[] context = [1, 0, 0, 0, .. Item(0x30, Ascii("1.2.840.10008.1.1")), .. Item(0x40, Ascii("1.2.840.10008.1.2"))];
        byte[] user = [.. Item(0x51, maxLength), .. Item(0x52, Ascii("2.25.1"))];
        byte[] body =
        [
            0, 1, 0, 0, .. Ascii(called.PadRight(16)), .. Ascii(calling.PadRight(16)), .. new byte[32],
            .. Item(0x10, Ascii("1.2.840.10008.3.1.1.1")), .. Item(0x20, context), .. Item(0x50, user),
        ];
        var pdu = new byte[6 + body.Length];
        pdu[0] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)body.Length);
        body.CopyTo(pdu, 6);
        return pdu;
    }
}
