using ImagingPipeline.Worker.Storage;
using ImagingPipeline.Worker.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Storage;

public sealed class StoreRecoveryTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Interrupted_replacement_and_partial_files_are_repaired()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await WorkerHarness.CreateAsync(_root.Path);
        var (study, series, sop) = (Instances.NewUid(), Instances.NewUid(), Instances.NewUid());
        var content = Instances.Content();
        Assert.True((await h.PushAsync(Instances.Header(study, series, sop), content)).IsSuccess);
        var final = Path.Combine(_root.Path, study, series, sop + ".dcm");

        // A crash between moving the stored copy aside and committing the changed one.
        File.Move(final, final + ".previous-0123");
        await File.WriteAllBytesAsync(final, Instances.Content(), ct);
        Directory.CreateDirectory(h.Store.IncomingDirectory);
        await File.WriteAllBytesAsync(Path.Combine(h.Store.IncomingDirectory, "partial.tmp"), [1, 2, 3], ct);

        var young = Path.Combine(h.Store.IncomingDirectory, "another-replica-writing.tmp");
        await File.WriteAllBytesAsync(young, [4], ct);
        var old = DateTime.UtcNow - StoreRecovery.MinimumAge - TimeSpan.FromMinutes(5);
        File.SetLastWriteTimeUtc(final + ".previous-0123", old);
        File.SetLastWriteTimeUtc(Path.Combine(h.Store.IncomingDirectory, "partial.tmp"), old);

        var recovery = new StoreRecovery(h.Store, h.Index, NullLogger<StoreRecovery>.Instance);
        Assert.Equal(2, await recovery.RunAsync(ct));
        Assert.Equal(content, await File.ReadAllBytesAsync(final, ct));
        Assert.Single(Instances.StoredFiles(_root.Path));
        Assert.Equal([young], Directory.EnumerateFiles(h.Store.IncomingDirectory));
    }
}
