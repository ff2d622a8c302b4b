using ImagingPipeline.Dicom.Network;
using ImagingPipeline.Worker.Tests.Support;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Host;

/// <summary>
/// The worker watches no files: with a store under its working directory (the default ./data),
/// a configuration reload watcher would put an inotify watch on every study and series folder and
/// wake up for every instance written (it did, until the reload was turned off).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class FileWatchTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_worker_with_its_store_under_the_working_directory_holds_no_inotify_watch()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(OperatingSystem.IsLinux(), "inotify is Linux's");
        var store = Path.Combine(AppContext.BaseDirectory, "store-" + Guid.NewGuid().ToString("N")); // the worker's working directory is AppContext.BaseDirectory
        try
        {
            await using var worker = await WorkerProcess.StartAsync(new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Storage:Root"] = Path.GetFileName(store),
                ["Storage:MinimumFreeSpace"] = "0",
                ["Studies:QuietPeriod"] = "01:00:00",
            }, ct);
            var study = Instances.NewUid();
            var files = new List<string>();
            for (var i = 0; i < 10; i++)
            {
                var sop = Instances.NewUid();
                var dataset = Part10.ExplicitDataset(
                    (0x0008, 0x0016, "UI", Instances.Ct), (0x0008, 0x0018, "UI", sop), (0x0008, 0x0060, "CS", "CT"),
                    (0x0010, 0x0020, "LO", "WATCH-1"), (0x0020, 0x000D, "UI", study), (0x0020, 0x000E, "UI", Instances.NewUid()));
                var path = Path.Combine(_files.Path, $"ct{i}.dcm");
                await File.WriteAllBytesAsync(path, Part10.Wrap(dataset, Instances.Ct, sop, Part10.ExplicitLittleEndian), ct);
                files.Add(path);
            }

            var results = await new DicomClient("127.0.0.1", worker.DicomPort) { CalledAeTitle = "IMAGINGPIPE" }.StoreAsync(files, ct);
            Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
            Assert.Equal(10, Directory.GetFiles(store, "*.dcm", SearchOption.AllDirectories).Length);

            var watches = 0;
            foreach (var fd in Directory.GetFiles($"/proc/{worker.ProcessId}/fd"))
            {
                if (new FileInfo(fd).LinkTarget == "anon_inode:inotify")
                {
                    watches += File.ReadLines($"/proc/{worker.ProcessId}/fdinfo/{Path.GetFileName(fd)}").Count(l => l.StartsWith("inotify wd:", StringComparison.Ordinal));
                }
            }

            Assert.Equal(0, watches);
        }
        finally
        {
            if (Directory.Exists(store))
            {
                Directory.Delete(store, recursive: true);
            }
        }
    }
}
