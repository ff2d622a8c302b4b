using ImagingPipeline.Worker.Storage;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Storage;

/// <summary>Shared folder fsyncs: each caller gets one that began after it asked, callers waiting meanwhile share the
/// next one, and a failure reaches exactly the callers that relied on it.</summary>
public sealed class FolderSyncTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An fsync that records each call and, while <see cref="Hold"/> is set, waits for <see cref="Gate"/>.</summary>
    private sealed class Disk
    {
        private readonly Lock _lock = new();
        public List<string> Calls { get; } = [];
        public ManualResetEventSlim Gate { get; } = new(false);
        public SemaphoreSlim Started { get; } = new(0);
        public bool Hold { get; set; } = true;
        public string? FailOn { get; set; }

        public void Fsync(string path)
        {
            int call;
            lock (_lock)
            {
                Calls.Add(path);
                call = Calls.Count;
            }

            Started.Release();
            if (Hold)
            {
                Assert.True(Gate.Wait(TimeSpan.FromSeconds(10)), "fsync gate never opened");
            }

            if (FailOn == $"{path}#{call}")
            {
                throw new IOException("EIO");
            }
        }

        public int CallsOf(string path)
        {
            lock (_lock)
            {
                return Calls.Count(c => c == path);
            }
        }
    }

    /// <summary>Each caller on a thread of its own (they block), not the pool, which would add threads slowly.</summary>
    private static Task Run(Action action) =>
        Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static async Task WaitersAsync(FolderSync sync, int count)
    {
        for (var i = 0; i < 1000 && sync.Waiting < count; i++)
        {
            await Task.Delay(10, Ct);
        }

        Assert.Equal(count, sync.Waiting);
    }

    [Fact]
    public void A_lone_caller_runs_its_own_fsync_each_time()
    {
        var disk = new Disk { Hold = false };
        var sync = new FolderSync(disk.Fsync);
        sync.Sync("/store/a");
        sync.Sync("/store/a");
        sync.Sync("/store/b");
        Assert.Equal(["/store/a", "/store/a", "/store/b"], disk.Calls);
    }

    [Fact]
    public async Task Callers_arriving_during_an_fsync_wait_for_a_later_one_and_share_it()
    {
        var disk = new Disk();
        var sync = new FolderSync(disk.Fsync);
        var first = Run(() => sync.Sync("/store/series"));
        Assert.True(await disk.Started.WaitAsync(TimeSpan.FromSeconds(10), Ct));

        // Three more renames land while the first fsync runs: it may have begun before them, so none returns with it.
        var later = Enumerable.Range(0, 3).Select(_ => Run(() => sync.Sync("/store/series"))).ToArray();
        await WaitersAsync(sync, 3);
        Assert.All(later, t => Assert.False(t.IsCompleted));
        Assert.Equal(1, disk.CallsOf("/store/series"));

        disk.Hold = false;
        disk.Gate.Set();
        await first.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await Task.WhenAll(later).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        // The three shared the second fsync (one of them ran it).
        Assert.Equal(2, disk.CallsOf("/store/series"));
    }

    [Fact]
    public async Task Another_folder_does_not_wait_for_a_running_fsync()
    {
        var disk = new Disk();
        var sync = new FolderSync(disk.Fsync);
        var held = Run(() => sync.Sync("/store/one"));
        Assert.True(await disk.Started.WaitAsync(TimeSpan.FromSeconds(10), Ct));

        disk.Hold = false;
        await Run(() => sync.Sync("/store/two")).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.False(held.IsCompleted);
        disk.Gate.Set();
        await held.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public async Task A_failed_fsync_fails_the_callers_that_relied_on_it_and_no_others()
    {
        var disk = new Disk { FailOn = "/store/series#2" };
        var sync = new FolderSync(disk.Fsync);
        var first = Run(() => sync.Sync("/store/series"));
        Assert.True(await disk.Started.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        var sharing = Enumerable.Range(0, 2).Select(_ => Run(() => sync.Sync("/store/series"))).ToArray();
        await WaitersAsync(sync, 2);

        disk.Hold = false;
        disk.Gate.Set();
        await first.WaitAsync(TimeSpan.FromSeconds(10), Ct); // the first fsync succeeded
        foreach (var task in sharing)
        {
            var e = await Assert.ThrowsAsync<IOException>(() => task.WaitAsync(TimeSpan.FromSeconds(10), Ct));
            Assert.Contains("EIO", e.Message, StringComparison.Ordinal);
        }

        // The next caller gets a fresh fsync, which succeeds.
        sync.Sync("/store/series");
        Assert.Equal(3, disk.CallsOf("/store/series"));
    }
}
