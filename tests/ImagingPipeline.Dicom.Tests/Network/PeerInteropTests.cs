using System.Diagnostics;
using System.Net.Sockets;
using ImagingPipeline.Dicom.Network;
using ImagingPipeline.TestSupport.Environment;
using ImagingPipeline.TestSupport.Servers;
using Xunit;

namespace ImagingPipeline.Dicom.Tests.Network;

/// <summary>Our SCU → DCMTK storescp and → Orthanc; Orthanc pushing to our SCP through its REST API.</summary>
public sealed class PeerInteropTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly string CtSmall = Path.Combine(RepositoryPaths.PydicomTestFiles, "CT_small.dcm");

    [Fact]
    public async Task Send_to_dcmtk_storescp_arrives_with_equal_content()
    {
        var source = Requirements.Path(CtSmall, "pydicom test file");
        var folder = Directory.CreateTempSubdirectory("storescp-").FullName;
        var port = FreePort.Next();
        using var storescp = Process.Start(new ProcessStartInfo(Requirements.Tool("storescp"), ["-od", folder, "-aet", "STORESCP", port.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            await WaitForPortAsync(port);
            var results = await new DicomClient("127.0.0.1", port) { CalledAeTitle = "STORESCP" }.StoreAsync([source], Ct);
            Assert.True(Assert.Single(results).Succeeded);
            var stored = Assert.Single(Directory.GetFiles(folder));
            Assert.Equal(await DcmtkInteropTests.DumpDatasetAsync(source), await DcmtkInteropTests.DumpDatasetAsync(stored));
        }
        finally
        {
            storescp.Kill();
            await storescp.WaitForExitAsync(Ct);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Send_to_orthanc_and_orthanc_pushes_back_to_our_scp()
    {
        var source = Requirements.Path(CtSmall, "pydicom test file");
        await using var scp = await new ScpFixture().StartAsync();
        await using var orthanc = await OrthancServer.StartAsync("IMAGINGPIPE", scp.Port, Ct);
        var results = await new DicomClient("127.0.0.1", orthanc.DicomPort) { CalledAeTitle = OrthancServer.AeTitle }.StoreAsync([source], Ct);
        Assert.True(Assert.Single(results).Succeeded);
        var instances = await orthanc.Http.GetStringAsync(new Uri("instances", UriKind.Relative), Ct);
        var id = System.Text.Json.JsonDocument.Parse(instances).RootElement.EnumerateArray().Single().GetString()!;
        using var body = new StringContent(id);
        using var push = await orthanc.Http.PostAsync(new Uri("modalities/pipe/store", UriKind.Relative), body, Ct);
        Assert.True(push.IsSuccessStatusCode, await push.Content.ReadAsStringAsync(Ct));
        var received = Assert.Single(scp.Received);
        Assert.Equal(OrthancServer.AeTitle, received.Association.CallingAeTitle);
        Assert.Equal(await DcmtkInteropTests.DumpDatasetAsync(source),
            await DcmtkInteropTests.DumpDatasetAsync(Path.Combine(scp.Folder, received.SopInstanceUid + ".dcm")));
    }

    internal static async Task WaitForPortAsync(int port)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, Ct);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, Ct);
            }
        }

        Assert.Fail($"storescp did not listen on {port}");
    }
}
