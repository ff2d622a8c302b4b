using System.Net;
using ImagingPipeline.Dicom.Network;
using ImagingPipeline.TestSupport.Environment;
using Xunit;

namespace ImagingPipeline.Cli.Tests.Commands;

/// <summary>`send` against an SCP that accepts implicit VR LE only: conversion, per-file status and the exit code.</summary>
public sealed class SendCommandTests : IDicomStoreHandler, IAsyncDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("cli-send-").FullName;
    private readonly List<DicomStoreRequest> _received = [];

    public ValueTask<DicomStoreResult> StoreAsync(DicomStoreRequest request, CancellationToken ct)
    {
        lock (_received)
        {
            _received.Add(request);
        }

        return ValueTask.FromResult(DicomStoreResult.Success);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_temp, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Converts_what_it_can_reports_each_file_and_fails_for_the_rest()
    {
        var corpus = RepositoryPaths.PydicomTestFiles;
        var bigEndian = Requirements.Path(Path.Combine(corpus, "MR_small_bigendian.dcm"), "pydicom test file");
        var jpeg = Requirements.Path(Path.Combine(corpus, "SC_rgb_jpeg_dcmtk.dcm"), "pydicom JPEG test file");
        var options = new DicomServerOptions { Port = 0, BindAddress = IPAddress.Loopback, TempDirectory = _temp, AcceptCompressedSyntaxes = false };
        options.TransferSyntaxPreference.Clear();
        options.TransferSyntaxPreference.Add("1.2.840.10008.1.2");
        await using var server = new DicomServer(options, this);
        await server.StartAsync(TestContext.Current.CancellationToken);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CommandLine.RunAsync(
            ["send", bigEndian, jpeg, "--host", "127.0.0.1", "--port", server.LocalEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--called-ae", "IMAGINGPIPE"], stdout, stderr);
        var output = stdout.ToString();
        Assert.Equal(1, code);
        Assert.Contains($"0x0000 {bigEndian} (sent as 1.2.840.10008.1.2)", output, StringComparison.Ordinal);
        Assert.Contains($"not sent {jpeg}", output, StringComparison.Ordinal);
        Assert.Contains("1 sent, 1 failed", output, StringComparison.Ordinal);
        Assert.Equal("1.2.840.10008.1.2", Assert.Single(_received).TransferSyntaxUid);
    }

    [Fact]
    public async Task A_folder_sends_its_dicom_files_to_the_default_called_ae_and_passes_over_the_rest()
    {
        var ct = TestContext.Current.CancellationToken;
        var corpus = RepositoryPaths.PydicomTestFiles;
        var folder = Directory.CreateDirectory(Path.Combine(_temp, "study", "series")).FullName;
        File.Copy(Requirements.Path(Path.Combine(corpus, "CT_small.dcm"), "pydicom test file"), Path.Combine(folder, "ct.dcm"));
        File.Copy(Requirements.Path(Path.Combine(corpus, "MR_small.dcm"), "pydicom test file"), Path.Combine(folder, "mr"));
        await File.WriteAllTextAsync(Path.Combine(_temp, "study", "README.md"), "not DICOM", ct);
        var options = new DicomServerOptions { Port = 0, BindAddress = IPAddress.Loopback, TempDirectory = Path.Combine(_temp, "incoming") };
        await using var server = new DicomServer(options, this);
        await server.StartAsync(ct);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await CommandLine.RunAsync(
            ["send", Path.Combine(_temp, "study"), "--host", "127.0.0.1", "--port", server.LocalEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            stdout, stderr);

        Assert.Equal(0, code);
        Assert.Contains("2 sent, 0 failed", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("skipped 1 file(s) without a DICOM Part 10 header", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, _received.Count);
    }

    [Fact]
    public async Task Tls_option_without_a_tls_port_fails_cleanly()
    {
        var options = new DicomServerOptions { Port = 0, BindAddress = IPAddress.Loopback, TempDirectory = _temp };
        await using var server = new DicomServer(options, this);
        await server.StartAsync(TestContext.Current.CancellationToken);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CommandLine.RunAsync(
            ["echo", "127.0.0.1", server.LocalEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--called-ae", "IMAGINGPIPE", "--tls"],
            stdout, stderr);
        Assert.Equal(1, code);
        Assert.StartsWith("echo failed: ", stderr.ToString(), StringComparison.Ordinal);
    }
}
