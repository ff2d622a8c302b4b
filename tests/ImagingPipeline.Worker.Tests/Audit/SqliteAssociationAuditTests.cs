using System.Text.Json;
using ImagingPipeline.TestSupport.Security;
using ImagingPipeline.Worker.Dicom;
using ImagingPipeline.Worker.Tests.Host;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Audit;

[Collection(HostCollection.Name)]
public sealed class SqliteAssociationAuditTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_connection_gets_one_counted_row()
    {
        await using var world = new AuditWorld();
        await AssociationAuditScenarios.EveryConnectionGetsOneCountedRow(world, Ct);
    }

    [Fact]
    public async Task Concurrent_associations_are_counted_apart()
    {
        await using var world = new AuditWorld();
        await AssociationAuditScenarios.ConcurrentAssociationsAreCountedApart(world, Ct);
    }

    [Fact]
    public async Task A_failed_tls_handshake_gets_a_row_and_a_tls_association_is_marked()
    {
        using var certs = new TestCertificates();
        await using var world = new AuditWorld(extra: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Dicom:Tls:Port"] = "0",
            ["Dicom:Tls:CertificatePath"] = certs.ServerPem,
            ["Dicom:Tls:KeyPath"] = certs.ServerKeyPem,
        });
        var tlsPort = world.Factory.Services.GetRequiredService<DicomListenerService>().TlsEndPoint.Port;
        await Assert.ThrowsAnyAsync<Exception>(() => AuditWorld.Client(tlsPort, "PLAINSCU").EchoAsync(Ct));
        var tls = new ImagingPipeline.Dicom.Network.DicomClient("127.0.0.1", tlsPort)
        {
            CallingAeTitle = "TLSSCU", CalledAeTitle = AuditWorld.OurAe, Timeout = TimeSpan.FromSeconds(20),
            Tls = new ImagingPipeline.Dicom.Network.DicomTlsClientOptions { TrustedCertificatesPath = certs.CaPem },
        };
        Assert.Equal(0, await tls.EchoAsync(Ct));

        using var http = world.Factory.CreateClient();
        var rows = await AuditWorld.WaitForAsync(http, "/api/audit/associations", 2, Ct);
        var failed = Assert.Single(rows, r => r.GetProperty("outcome").GetString() == "tls-failed");
        Assert.True(failed.GetProperty("tls").GetBoolean());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("callingAe").ValueKind);
        Assert.False(string.IsNullOrEmpty(failed.GetProperty("detail").GetString()));
        var released = Assert.Single(rows, r => r.GetProperty("outcome").GetString() == "released");
        Assert.Equal("TLSSCU", released.GetProperty("callingAe").GetString());
        Assert.True(released.GetProperty("tls").GetBoolean());
        Assert.True(released.GetProperty("bytesReceived").GetInt64() > 0);
    }
}
