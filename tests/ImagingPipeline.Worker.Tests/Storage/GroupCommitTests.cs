using ImagingPipeline.Worker.Index;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Storage;

/// <summary>Group commit of index writes: batching while a write is in progress, order, and failures kept to their item.</summary>
public sealed class GroupCommitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Recorder
    {
        private readonly Lock _lock = new();
        public List<string[]> Batches { get; } = [];
        public TaskCompletionSource FirstWriteGate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource FirstWriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task WriteAsync(IReadOnlyList<string> items, CancellationToken ct)
        {
            bool first;
            lock (_lock)
            {
                first = Batches.Count == 0;
                Batches.Add([.. items]);
            }

            if (first)
            {
                FirstWriteStarted.SetResult();
                await FirstWriteGate.Task;
            }

            if (items.Contains("bad"))
            {
                throw new InvalidOperationException("bad item");
            }

            if (items.Contains("down"))
            {
                throw new TimeoutException("database down");
            }
        }
    }

    /// <summary>A group commit whose first write ("a") has started and waits for <see cref="Recorder.FirstWriteGate"/>.</summary>
    private static async Task<(Recorder Recorder, GroupCommit<string> Commit, Task First)> FirstWriteHeldAsync()
    {
        var recorder = new Recorder();
        var commit = new GroupCommit<string>(recorder.WriteAsync, string.CompareOrdinal, e => e is TimeoutException);
        var first = commit.RunAsync("a", CancellationToken.None);
        await recorder.FirstWriteStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        return (recorder, commit, first);
    }

    [Fact]
    public async Task A_lone_caller_writes_at_once_and_callers_arriving_meanwhile_share_one_batch_in_order()
    {
        var (recorder, commit, first) = await FirstWriteHeldAsync();
        var others = new[] { "e", "c", "d", "b" }.Select(x => commit.RunAsync(x, CancellationToken.None)).ToArray();
        Assert.All(others, t => Assert.False(t.IsCompleted));

        recorder.FirstWriteGate.SetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await Task.WhenAll(others).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(2, recorder.Batches.Count);
        Assert.Equal(["a"], recorder.Batches[0]);
        Assert.Equal(["b", "c", "d", "e"], recorder.Batches[1]);
        Assert.Equal(4, commit.LargestBatch);

        // Nobody leads any more: the next caller writes alone.
        await commit.RunAsync("f", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(["f"], recorder.Batches[^1]);
    }

    [Fact]
    public async Task A_failed_batch_is_retried_item_by_item_and_only_the_bad_item_fails()
    {
        var (recorder, commit, first) = await FirstWriteHeldAsync();
        var good1 = commit.RunAsync("x", CancellationToken.None);
        var bad = commit.RunAsync("bad", CancellationToken.None);
        var good2 = commit.RunAsync("y", CancellationToken.None);
        recorder.FirstWriteGate.SetResult();

        await first.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await good1.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await good2.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => bad.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal("bad item", e.Message);
        Assert.Equal(["bad", "x", "y"], recorder.Batches[1]);
        Assert.Equal([["bad"], ["x"], ["y"]], recorder.Batches.Skip(2));
    }

    [Fact]
    public async Task A_failure_every_item_would_meet_fails_the_whole_batch_without_retrying_each()
    {
        var (recorder, commit, first) = await FirstWriteHeldAsync();
        var calls = new[] { "down", "x", "y" }.Select(x => commit.RunAsync(x, CancellationToken.None)).ToArray();
        recorder.FirstWriteGate.SetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        foreach (var call in calls)
        {
            await Assert.ThrowsAsync<TimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        }

        Assert.Equal(2, recorder.Batches.Count); // ["a"], then the failed batch, and no retries
    }

    [Fact]
    public async Task The_lead_passes_on_while_callers_keep_arriving_and_every_call_completes()
    {
        var writes = 0;
        var commit = new GroupCommit<string>(async (items, _) =>
        {
            Interlocked.Add(ref writes, items.Count);
            await Task.Yield();
        }, string.CompareOrdinal, _ => false);
        var calls = Enumerable.Range(0, 2000).Select(i => Task.Run(() => commit.RunAsync(i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None)));
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(2000, writes);
    }

    [Fact]
    public async Task A_cancelled_caller_is_not_queued()
    {
        var recorder = new Recorder();
        recorder.FirstWriteGate.SetResult();
        var commit = new GroupCommit<string>(recorder.WriteAsync, string.CompareOrdinal, e => e is TimeoutException);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => commit.RunAsync("a", new CancellationToken(canceled: true)));
        Assert.Empty(recorder.Batches);
    }
}
