using System.Buffers.Binary;
using System.Text;
using ImagingPipeline.Dicom.Network;
using ImagingPipeline.TestSupport.Environment;
using Xunit;

namespace ImagingPipeline.Dicom.Tests.Network;

/// <summary>Our SCU against our SCP: echo, store, refusals, rejection, a 300 MB instance with bounded memory.</summary>
[Collection(MemoryMeasuringCollection.Name)]
public sealed class ClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly string Corpus = RepositoryPaths.PydicomTestFiles;

    private static DicomClient ClientFor(ScpFixture scp) => new("127.0.0.1", scp.Port) { CalledAeTitle = "IMAGINGPIPE", CallingAeTitle = "TESTSCU" };

    [Fact]
    public async Task Echo_returns_success()
    {
        await using var scp = await new ScpFixture().StartAsync();
        Assert.Equal(0, await ClientFor(scp).EchoAsync(Ct));
    }

    [Fact]
    public async Task Echo_to_wrong_called_ae_reports_the_rejection_codes()
    {
        await using var scp = await new ScpFixture().StartAsync();
        var client = new DicomClient("127.0.0.1", scp.Port) { CalledAeTitle = "NOTUS" };
        var ex = await Assert.ThrowsAsync<DicomNetworkException>(() => client.EchoAsync(Ct));
        Assert.Contains("result 1, source 1, reason 7", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_sends_each_file_and_reports_status_and_metadata()
    {
        var files = new[] { "CT_small.dcm", "MR_small_bigendian.dcm", "rtplan.dcm" }
            .Select(f => Requirements.Path(Path.Combine(Corpus, f), "pydicom test file")).ToArray();
        await using var scp = await new ScpFixture().StartAsync();
        var notPart10 = Requirements.Path(Path.Combine(Corpus, "rtstruct.dcm"), "pydicom raw data set");
        var results = await ClientFor(scp).StoreAsync([.. files, "/nonexistent/file.dcm", notPart10], Ct);
        Assert.True(results.Count(r => r.Succeeded) == 3, string.Join("; ", results.Select(r => $"{r.Path} {r.Status} {r.Error}")));
        Assert.Null(results.Single(r => r.Path == "/nonexistent/file.dcm").Status);
        Assert.Contains("no DICM prefix", results.Single(r => r.Path == notPart10).Error, StringComparison.Ordinal);
        Assert.Equal(3, scp.Received.Count);
        Assert.All(scp.Received, r =>
        {
            Assert.Equal("TESTSCU", r.Association.CallingAeTitle);
            Assert.Equal("IMAGINGPIPE", r.Association.CalledAeTitle);
        });
        foreach (var file in files)
        {
            var received = scp.Received.Single(r => results.Single(x => x.Path == file).SopInstanceUid == r.SopInstanceUid);
            Assert.Equal(await DcmtkInteropTests.DumpDatasetAsync(file),
                await DcmtkInteropTests.DumpDatasetAsync(Path.Combine(scp.Folder, received.SopInstanceUid + ".dcm")));
        }
    }

    [Fact]
    public async Task Priority_and_move_originator_reach_the_handler_and_pdvs_fit_a_small_scp_maximum()
    {
        var file = Requirements.Path(Path.Combine(Corpus, "CT_small.dcm"), "pydicom test file");
        // The SCP aborts any PDU above its 4 KiB maximum, so success means every PDV was cut to fit (PS3.8 D.1).
        await using var scp = await new ScpFixture(o => o.MaxPduLength = 4096).StartAsync();
        var client = new DicomClient("127.0.0.1", scp.Port)
        {
            CalledAeTitle = "IMAGINGPIPE",
            Priority = 1,
            MoveOriginatorAeTitle = "MOVER",
            MoveOriginatorMessageId = 42,
        };
        Assert.True(Assert.Single(await client.StoreAsync([file], Ct)).Succeeded);
        var received = Assert.Single(scp.Received);
        Assert.Equal((ushort)1, received.Priority);
        Assert.Equal("MOVER", received.MoveOriginatorAeTitle);
        Assert.Equal((ushort)42, received.MoveOriginatorMessageId);
        Assert.Equal(await DcmtkInteropTests.DumpDatasetAsync(file),
            await DcmtkInteropTests.DumpDatasetAsync(Path.Combine(scp.Folder, received.SopInstanceUid + ".dcm")));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task The_hash_computed_on_arrival_is_the_sha256_of_the_stored_file(bool hash, bool writeBack)
    {
        // A 4 KiB maximum cuts each data set into many PDVs: every one of them must be in the hash, in order; with the
        // write-back started every 16 KiB as they arrive and an fsync before the handler, the file is still exactly what
        // was sent.
        await using var scp = await new ScpFixture(o =>
        {
            o.MaxPduLength = 4096;
            o.HashReceivedFiles = hash;
            o.WriteBackReceivedFiles = writeBack;
            o.SyncReceivedFiles = writeBack;
            o.WriteBackChunk = 16 << 10;
        }).StartAsync();
        var writtenBackBefore = FileWriteBack.BytesStarted;
        var large = Path.Combine(scp.Folder, "large-source.dcm");
        WriteLargeMultiFrame(large, frames: 4, rows: 512, columns: 512);
        var files = new[] { "CT_small.dcm", "MR_small_bigendian.dcm" }
            .Select(f => Requirements.Path(Path.Combine(Corpus, f), "pydicom test file")).Append(large).ToArray();
        Assert.All(await ClientFor(scp).StoreAsync(files, Ct), r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal(3, scp.Received.Count);
        foreach (var received in scp.Received)
        {
            var stored = await File.ReadAllBytesAsync(Path.Combine(scp.Folder, received.SopInstanceUid + ".dcm"), Ct);
            Assert.Equal(writeBack, received.FileSynced);
            if (hash)
            {
                Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stored)), received.FileSha256);
            }
            else
            {
                Assert.Null(received.FileSha256);
            }
        }

        if (writeBack && OperatingSystem.IsLinux())
        {
            // Every byte of the three files was handed to the kernel's write-back as it arrived (other tests may add more).
            var sizes = scp.Received.Sum(r => new FileInfo(Path.Combine(scp.Folder, r.SopInstanceUid + ".dcm")).Length);
            Assert.True(FileWriteBack.BytesStarted - writtenBackBefore >= sizes,
                $"write-back started for {FileWriteBack.BytesStarted - writtenBackBefore} bytes of {sizes}");
        }
    }

    [Fact]
    public async Task Refusal_status_and_a_long_error_comment_arrive_as_one_response()
    {
        var file = Requirements.Path(Path.Combine(Corpus, "CT_small.dcm"), "pydicom test file");
        await using var scp = await new ScpFixture().StartAsync();
        scp.Answer = _ => new DicomStoreResult(0xA900, new string('e', 500));
        var results = await ClientFor(scp).StoreAsync([file, file], Ct);
        Assert.All(results, r =>
        {
            Assert.Equal((ushort)0xA900, r.Status);
            Assert.Equal(64, r.Error!.Length);
        });
        Assert.Empty(Directory.GetFiles(scp.Options.TempDirectory));
    }

    [Fact]
    public async Task A_300_MB_instance_is_streamed_with_bounded_memory()
    {
        await using var scp = await new ScpFixture(o => o.IdleTimeout = TimeSpan.FromSeconds(30)).StartAsync();
        var path = Path.Combine(scp.Folder, "large-source.dcm");
        var sopInstance = WriteLargeMultiFrame(path, frames: 600, rows: 512, columns: 512);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var results = await ClientFor(scp).StoreAsync([path], Ct);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.True(Assert.Single(results).Succeeded);
        Assert.True(allocated < 32L << 20, $"allocated {allocated / (1 << 20)} MiB for a 300 MiB instance");
        var stored = new FileInfo(Path.Combine(scp.Folder, sopInstance + ".dcm"));
        Assert.True(stored.Length > 300L * 1024 * 1024);
        Assert.Equal(Assert.Single(scp.Received).DatasetLength, new FileInfo(path).Length - Part10Header.Read(path).DatasetOffset);
    }

    /// <summary>Writes a Multi-frame Grayscale Word Secondary Capture in explicit VR LE with frames × rows × columns × 2 bytes of pixels.</summary>
    internal static string WriteLargeMultiFrame(string path, int frames, int rows, int columns)
    {
        const string sopClass = "1.2.840.10008.5.1.4.1.1.7.3";
        var sopInstance = "2.25." + BinaryPrimitives.ReadUInt64LittleEndian(Guid.NewGuid().ToByteArray());
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        file.Write(FileMetaWriter.Build(sopClass, sopInstance, "1.2.840.10008.1.2.1", "TESTSCU"));
        void Short(ushort group, ushort element, string vr, byte[] value)
        {
            Span<byte> h = stackalloc byte[8];
            BinaryPrimitives.WriteUInt16LittleEndian(h, group);
            BinaryPrimitives.WriteUInt16LittleEndian(h[2..], element);
            Encoding.ASCII.GetBytes(vr, h[4..]);
            BinaryPrimitives.WriteUInt16LittleEndian(h[6..], (ushort)value.Length);
            file.Write(h);
            file.Write(value);
        }

        static byte[] Text(string s) => Encoding.ASCII.GetBytes(s.Length % 2 == 0 ? s : s + "\0");
        static byte[] Us(int v) => [(byte)v, (byte)(v >> 8)];
        Short(0x0008, 0x0016, "UI", Text(sopClass));
        Short(0x0008, 0x0018, "UI", Text(sopInstance));
        Short(0x0028, 0x0002, "US", Us(1));
        Short(0x0028, 0x0004, "CS", Encoding.ASCII.GetBytes("MONOCHROME2 "));
        Short(0x0028, 0x0008, "IS", Encoding.ASCII.GetBytes(frames.ToString(System.Globalization.CultureInfo.InvariantCulture).PadRight(frames.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 1 & ~1)));
        Short(0x0028, 0x0010, "US", Us(rows));
        Short(0x0028, 0x0011, "US", Us(columns));
        Short(0x0028, 0x0100, "US", Us(16));
        Short(0x0028, 0x0101, "US", Us(16));
        Short(0x0028, 0x0102, "US", Us(15));
        Short(0x0028, 0x0103, "US", Us(0));
        var frame = new byte[rows * columns * 2];
        for (var i = 0; i < frame.Length; i++)
        {
            frame[i] = (byte)(i * 7);
        }

        Span<byte> pixelHeader = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(pixelHeader, 0x0010_7FE0);
        "OW"u8.CopyTo(pixelHeader[4..]);
        BinaryPrimitives.WriteUInt32LittleEndian(pixelHeader[8..], (uint)((long)frame.Length * frames));
        file.Write(pixelHeader);
        for (var f = 0; f < frames; f++)
        {
            file.Write(frame);
        }

        return sopInstance;
    }
}
