using System.Diagnostics;
using ImagingPipeline.Dicom.Network;
using ImagingPipeline.TestSupport.Environment;
using Xunit;

namespace ImagingPipeline.Dicom.Tests.Network;

/// <summary>Our SCU converting on the fly for a DCMTK storescp that accepts only some transfer syntaxes.</summary>
public sealed class SendConversionTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly string Corpus = RepositoryPaths.PydicomTestFiles;
    private readonly string _work = Directory.CreateTempSubdirectory("send-conv-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>CT_small re-encoded deflated by dcmconv (+td), so the deflated case has a real deflated file.</summary>
    private async Task<string> DeflatedFileAsync()
    {
        var source = Requirements.Path(Path.Combine(Corpus, "CT_small.dcm"), "pydicom test file");
        var deflated = Path.Combine(_work, "ct-deflated.dcm");
        var (code, output) = await DcmtkInteropTests.RunAsync("dcmconv", "+td", source, deflated);
        Assert.True(code == 0, output);
        return deflated;
    }

    [Theory]
    [InlineData("+xi", "1.2.840.10008.1.2", "1.2.840.10008.1.2")] // storescp accepts implicit VR LE only
    [InlineData("+x=", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1")] // default: uncompressed but not deflated
    public async Task Files_are_converted_only_when_their_syntax_is_refused_and_jpeg_fails_alone(string storescpOption,
        string expectedBigEndian, string expectedDeflated)
    {
        var bigEndian = Requirements.Path(Path.Combine(Corpus, "MR_small_bigendian.dcm"), "pydicom test file");
        var jpeg = Requirements.Path(Path.Combine(Corpus, "SC_rgb_jpeg_dcmtk.dcm"), "pydicom JPEG test file");
        var deflated = await DeflatedFileAsync();
        var folder = Directory.CreateDirectory(Path.Combine(_work, "received")).FullName;
        var port = FreePort.Next();
        using var storescp = Process.Start(new ProcessStartInfo(Requirements.Tool("storescp"),
            [storescpOption, "-od", folder, "-aet", "STORESCP", port.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            await PeerInteropTests.WaitForPortAsync(port);
            var results = await new DicomClient("127.0.0.1", port) { CalledAeTitle = "STORESCP" }.StoreAsync([bigEndian, deflated, jpeg], Ct);
            var byPath = results.ToDictionary(r => r.Path);
            Assert.True(byPath[bigEndian].Succeeded, byPath[bigEndian].Error);
            Assert.True(byPath[deflated].Succeeded, byPath[deflated].Error);
            Assert.Equal(expectedBigEndian, byPath[bigEndian].SentTransferSyntaxUid);
            Assert.Equal(expectedDeflated, byPath[deflated].SentTransferSyntaxUid);
            Assert.Null(byPath[jpeg].Status);
            Assert.Contains("cannot be converted", byPath[jpeg].Error, StringComparison.Ordinal);
            var stored = Directory.GetFiles(folder);
            Assert.Equal(2, stored.Length);
            foreach (var (source, result) in new[] { (bigEndian, byPath[bigEndian]), (deflated, byPath[deflated]) })
            {
                var file = stored.Single(f => Path.GetFileName(f).Contains(result.SopInstanceUid!, StringComparison.Ordinal));
                Assert.Equal(await DcmtkInteropTests.DumpDatasetAsync(source), await DcmtkInteropTests.DumpDatasetAsync(file));
            }
        }
        finally
        {
            storescp.Kill();
            await storescp.WaitForExitAsync(Ct);
        }
    }
}
