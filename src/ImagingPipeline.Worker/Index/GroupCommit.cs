namespace ImagingPipeline.Worker.Index;

/// <summary>
/// Group commit: callers hand in one item each and return when it is committed. One caller at a time writes
/// (the leader), every item queued meanwhile in one transaction; when it is done it hands the lead to the
/// first caller still waiting. A caller that finds nobody writing writes its own item at once, on its own
/// thread, so a single sender pays nothing for it. If a batch of several fails, each of its items is tried
/// again on its own, so one bad item fails only itself; unless the failure is one that <paramref name="failsAll"/>
/// says every item would meet (the database down or timing out), which fails them all at once rather than
/// making the last caller wait for one timeout per item.
/// </summary>
internal sealed class GroupCommit<T>(Func<IReadOnlyList<T>, CancellationToken, Task> write, Comparison<T> order,
    Func<Exception, bool> failsAll)
    where T : class
{
    private readonly Lock _lock = new();
    private List<Waiter> _queue = [];
    private bool _leading;

    /// <summary>Largest batch seen, for tests and diagnostics.</summary>
    public int LargestBatch { get; private set; }

    /// <summary>Returns when <paramref name="item"/> is committed; throws what its write threw.</summary>
    /// <param name="ct">Checked before the item is queued. A queued item is not withdrawn: a batch once started is
    /// written to its end (other callers' items are in it), bounded by the database's command timeout, and a
    /// waiter may be handed the lead.</param>
    public async Task RunAsync(T item, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var waiter = new Waiter(item);
        bool lead;
        lock (_lock)
        {
            _queue.Add(waiter);
            lead = !_leading;
            _leading = true;
        }

        if (!lead && !await waiter.Turn.Task.ConfigureAwait(false))
        {
            return; // written in another caller's batch
        }

        // The leader writes everything queued, its own item included.
        List<Waiter> batch;
        lock (_lock)
        {
            batch = _queue;
            _queue = [];
        }

        LargestBatch = Math.Max(LargestBatch, batch.Count);
        await WriteAsync(batch).ConfigureAwait(false);
        Waiter? next = null;
        lock (_lock)
        {
            if (_queue.Count > 0)
            {
                next = _queue[0];
            }
            else
            {
                _leading = false;
            }
        }

        next?.Turn.TrySetResult(true);
        foreach (var other in batch)
        {
            if (other == waiter)
            {
                continue;
            }

            if (other.Error is { } e)
            {
                other.Turn.TrySetException(e);
            }
            else
            {
                other.Turn.TrySetResult(false);
            }
        }

        if (waiter.Error is { } own)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(own);
        }
    }

    private async Task WriteAsync(List<Waiter> batch)
    {
        batch.Sort((a, b) => order(a.Item, b.Item));
        try
        {
            await write([.. batch.Select(w => w.Item)], CancellationToken.None).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (batch.Count == 1 || failsAll(e))
        {
            foreach (var waiter in batch)
            {
                waiter.Error = e;
            }

            return;
        }
        catch (Exception)
        {
            // Fall through: each item on its own.
        }

        foreach (var waiter in batch)
        {
            try
            {
                await write([waiter.Item], CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                waiter.Error = e;
            }
        }
    }

    private sealed class Waiter(T item)
    {
        public T Item { get; } = item;

        /// <summary>True: lead the next batch; false: written by another leader; an exception: the write failed.</summary>
        public TaskCompletionSource<bool> Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Exception? Error { get; set; }
    }
}
