using System.Diagnostics;
using ImagingPipeline.Dicom.Network;
using ImagingPipeline.TestSupport.Environment;
using ImagingPipeline.TestSupport.Security;
using Xunit;

namespace ImagingPipeline.Dicom.Tests.Network;

/// <summary>DICOM TLS (PS3.15 B.9) with certificates made in the test: our SCU and DCMTK against our TLS port, and our send to DCMTK's.</summary>
public sealed class TlsTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly TestCertificates _certs = new();

    public void Dispose() => _certs.Dispose();

    private Task<ScpFixture> StartAsync(bool requireClientCertificate, bool pemFiles = false) => new ScpFixture(o =>
    {
        // ARTIM covers the handshake: the first one of a process (TLS code compiled, certificate chains built) can take
        // more than the fixture's 2 s on a loaded machine.
        o.ArtimTimeout = TimeSpan.FromSeconds(15);
        o.Tls = pemFiles
            ? new DicomTlsServerOptions { Port = 0, CertificatePath = _certs.ServerPem, KeyPath = _certs.ServerKeyPem }
            : new DicomTlsServerOptions { Port = 0, Certificate = _certs.Server };
        o.Tls.RequireClientCertificate = requireClientCertificate;
        o.Tls.TrustedClientCertificatesPath = _certs.CaPem;
    }).StartAsync();

    private DicomClient TlsClient(ScpFixture scp, System.Security.Cryptography.X509Certificates.X509Certificate2? clientCertificate)
    {
        var tls = new DicomTlsClientOptions { TrustedCertificatesPath = _certs.CaPem, ClientCertificate = clientCertificate };
        return new DicomClient("127.0.0.1", scp.TlsPort) { CalledAeTitle = "IMAGINGPIPE", Tls = tls };
    }

    [Fact]
    public async Task Echo_and_store_over_tls_with_a_pem_certificate()
    {
        var source = Requirements.Path(Path.Combine(RepositoryPaths.PydicomTestFiles, "CT_small.dcm"), "pydicom test file");
        await using var scp = await StartAsync(requireClientCertificate: false, pemFiles: true);
        var client = TlsClient(scp, null);
        Assert.Equal(0, await client.EchoAsync(Ct));
        Assert.True(Assert.Single(await client.StoreAsync([source], Ct)).Succeeded);
        var received = Assert.Single(scp.Received);
        Assert.True(received.Association.IsTls);
        Assert.Equal(await DcmtkInteropTests.DumpDatasetAsync(source),
            await DcmtkInteropTests.DumpDatasetAsync(Path.Combine(scp.Folder, received.SopInstanceUid + ".dcm")));
    }

    [Fact]
    public async Task Plain_association_to_the_tls_port_fails_and_the_port_keeps_serving()
    {
        await using var scp = await StartAsync(requireClientCertificate: false);
        var plain = new DicomClient("127.0.0.1", scp.TlsPort) { CalledAeTitle = "IMAGINGPIPE", Timeout = TimeSpan.FromSeconds(10) };
        await Assert.ThrowsAnyAsync<Exception>(() => plain.EchoAsync(Ct));
        Assert.Equal(0, await TlsClient(scp, null).EchoAsync(Ct));
    }

    [Fact]
    public async Task Tls_client_against_the_plain_port_fails()
    {
        await using var scp = await StartAsync(requireClientCertificate: false);
        var client = new DicomClient("127.0.0.1", scp.Port)
        {
            CalledAeTitle = "IMAGINGPIPE",
            Timeout = TimeSpan.FromSeconds(5),
            Tls = new DicomTlsClientOptions { TrustedCertificatesPath = _certs.CaPem },
        };
        await Assert.ThrowsAnyAsync<Exception>(() => client.EchoAsync(Ct));
    }

    [Fact]
    public async Task Required_client_certificate_must_be_present_and_trusted()
    {
        await using var scp = await StartAsync(requireClientCertificate: true);
        await Assert.ThrowsAnyAsync<Exception>(() => TlsClient(scp, null).EchoAsync(Ct));
        await Assert.ThrowsAnyAsync<Exception>(() => TlsClient(scp, _certs.UntrustedClient).EchoAsync(Ct));
        Assert.Equal(0, await TlsClient(scp, _certs.Client).EchoAsync(Ct));
    }

    [Fact]
    public async Task Client_refuses_a_server_certificate_it_does_not_trust()
    {
        await using var scp = await StartAsync(requireClientCertificate: false);
        var client = new DicomClient("127.0.0.1", scp.TlsPort)
        {
            CalledAeTitle = "IMAGINGPIPE",
            Tls = new DicomTlsClientOptions { TrustedCertificatesPath = _certs.UntrustedClientPem },
        };
        await Assert.ThrowsAsync<System.Security.Authentication.AuthenticationException>(() => client.EchoAsync(Ct));
    }

    [Fact]
    public async Task Dcmtk_echoscu_and_storescu_over_tls_with_a_client_certificate()
    {
        var source = Requirements.Path(Path.Combine(RepositoryPaths.PydicomTestFiles, "CT_small.dcm"), "pydicom test file");
        await using var scp = await StartAsync(requireClientCertificate: true);
        string[] tls = ["+tls", _certs.ClientKeyPem, _certs.ClientPem, "+cf", _certs.CaPem, "-aec", "IMAGINGPIPE"];
        var echo = await DcmtkInteropTests.RunAsync("echoscu", [.. tls, "127.0.0.1", scp.TlsPort.ToString()]);
        Assert.True(echo.ExitCode == 0, echo.Output);
        var store = await DcmtkInteropTests.RunAsync("storescu", [.. tls, "127.0.0.1", scp.TlsPort.ToString(), source]);
        Assert.True(store.ExitCode == 0, store.Output);
        Assert.True(Assert.Single(scp.Received).Association.IsTls);
    }

    [Fact]
    public async Task Dcmtk_echoscu_with_an_untrusted_client_certificate_is_refused()
    {
        await using var scp = await StartAsync(requireClientCertificate: true);
        var echo = await DcmtkInteropTests.RunAsync("echoscu",
            "+tls", _certs.UntrustedClientKeyPem, _certs.UntrustedClientPem, "+cf", _certs.CaPem, "-aec", "IMAGINGPIPE",
            "127.0.0.1", scp.TlsPort.ToString());
        Assert.NotEqual(0, echo.ExitCode);
        Assert.Empty(scp.Received);
    }

    [Fact]
    public async Task Send_over_tls_to_dcmtk_storescp()
    {
        var source = Requirements.Path(Path.Combine(RepositoryPaths.PydicomTestFiles, "CT_small.dcm"), "pydicom test file");
        var folder = Directory.CreateTempSubdirectory("storescp-tls-").FullName;
        var port = FreePort.Next();
        var start = new ProcessStartInfo(Requirements.Tool("storescp"),
            ["+tls", _certs.ServerKeyPem, _certs.ServerPem, "+cf", _certs.CaPem, "-od", folder, "-aet", "STORESCP", port.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var storescp = Process.Start(start)!;
        try
        {
            await PeerInteropTests.WaitForPortAsync(port);
            var client = new DicomClient("127.0.0.1", port)
            {
                CalledAeTitle = "STORESCP",
                Tls = new DicomTlsClientOptions { TrustedCertificatesPath = _certs.CaPem, ClientCertificate = _certs.Client },
            };
            Assert.True(Assert.Single(await client.StoreAsync([source], Ct)).Succeeded);
            Assert.Equal(await DcmtkInteropTests.DumpDatasetAsync(source), await DcmtkInteropTests.DumpDatasetAsync(Assert.Single(Directory.GetFiles(folder))));
        }
        finally
        {
            storescp.Kill(entireProcessTree: true);
            await storescp.WaitForExitAsync(Ct);
            Directory.Delete(folder, recursive: true);
        }
    }
}
