namespace ImagingPipeline.Worker.Metrics;

/// <summary>Process counters exposed on /metrics (Prometheus text format).</summary>
internal sealed class WorkerMetrics
{
    /// <summary>Upper bounds (seconds) of the store latency histogram.</summary>
    public static readonly double[] LatencyBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly long[] _latencyCounts = new long[LatencyBuckets.Length];
    private long _latencySumMicroseconds;
    private long _associations;
    private long _associationsActive;
    private long _received;
    private long _stored;
    private long _duplicates;
    private long _rejected;
    private long _bytes;
    private long _jobsSucceeded;
    private long _jobsFailed;

    public long Associations => Interlocked.Read(ref _associations);
    public long AssociationsActive => Interlocked.Read(ref _associationsActive);
    public long InstancesReceived => Interlocked.Read(ref _received);
    public long InstancesStored => Interlocked.Read(ref _stored);
    public long InstancesDuplicate => Interlocked.Read(ref _duplicates);
    public long InstancesRejected => Interlocked.Read(ref _rejected);
    public long BytesStored => Interlocked.Read(ref _bytes);
    public long JobsSucceeded => Interlocked.Read(ref _jobsSucceeded);
    public long JobsFailed => Interlocked.Read(ref _jobsFailed);
    public long LatencyCount => Interlocked.Read(ref _latencyCounts[^1]) + OverflowCount;
    public double LatencySumSeconds => Interlocked.Read(ref _latencySumMicroseconds) / 1e6;
    private long _overflow;
    private long OverflowCount => Interlocked.Read(ref _overflow);

    public void AssociationOpened()
    {
        Interlocked.Increment(ref _associations);
        Interlocked.Increment(ref _associationsActive);
    }

    public void AssociationClosed() => Interlocked.Decrement(ref _associationsActive);

    public void Received() => Interlocked.Increment(ref _received);

    public void Stored(long bytes)
    {
        Interlocked.Increment(ref _stored);
        Interlocked.Add(ref _bytes, bytes);
    }

    public void Duplicate() => Interlocked.Increment(ref _duplicates);

    public void Rejected() => Interlocked.Increment(ref _rejected);

    public void JobSucceeded() => Interlocked.Increment(ref _jobsSucceeded);

    public void JobFailed() => Interlocked.Increment(ref _jobsFailed);

    public void ObserveStoreLatency(TimeSpan elapsed)
    {
        Interlocked.Add(ref _latencySumMicroseconds, (long)(elapsed.TotalMilliseconds * 1000));
        var placed = false;
        for (var i = 0; i < LatencyBuckets.Length; i++)
        {
            if (elapsed.TotalSeconds <= LatencyBuckets[i])
            {
                // Cumulative buckets: every bound at or above the observation counts it.
                Interlocked.Increment(ref _latencyCounts[i]);
                placed = true;
            }
        }

        if (!placed)
        {
            Interlocked.Increment(ref _overflow);
        }
    }

    public long LatencyBucket(int index) => Interlocked.Read(ref _latencyCounts[index]);
}
