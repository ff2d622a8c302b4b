namespace ImagingPipeline.Worker.Storage;

/// <summary>
/// fsync of store folders shared by concurrent stores. A store that renamed a file into a folder needs an fsync of
/// that folder begun after its rename; stores that arrive while one is running all wait for the next one, which one
/// of them runs for all. One association pays one fsync per instance as before; several into the same series folder
/// share them.
/// </summary>
internal sealed class FolderSync(Action<string> fsync)
{
    private readonly Dictionary<string, Folder> _folders = new(StringComparer.Ordinal);
    private int _waiting;

    /// <summary>Callers waiting for an fsync another caller runs (for tests).</summary>
    internal int Waiting => Volatile.Read(ref _waiting);

    public FolderSync()
        : this(FileSync.Directory)
    {
    }

    /// <summary>Returns once an fsync of <paramref name="path"/> that began after this call was entered has completed;
    /// throws what that fsync threw.</summary>
    public void Sync(string path)
    {
        Folder folder;
        lock (_folders)
        {
            if (!_folders.TryGetValue(path, out folder!))
            {
                folder = new Folder();
                _folders.Add(path, folder);
            }

            folder.Users++;
        }

        try
        {
            folder.Sync(() => fsync(path), ref _waiting);
        }
        finally
        {
            lock (_folders)
            {
                if (--folder.Users == 0)
                {
                    _folders.Remove(path);
                }
            }
        }
    }

    private sealed class Folder
    {
        private readonly object _lock = new();
        private readonly Queue<(long Generation, Exception Error)> _failures = new();
        private long _started;
        private long _completed;
        private bool _running;

        /// <summary>Guarded by <see cref="FolderSync._folders"/>'s lock.</summary>
        public int Users { get; set; }

        public void Sync(Action fsync, ref int waiting)
        {
            lock (_lock)
            {
                // Any fsync already running may have begun before the caller's rename: only the next one counts.
                var needed = _started + 1;
                while (_completed < needed)
                {
                    if (_running)
                    {
                        Interlocked.Increment(ref waiting);
                        Monitor.Wait(_lock);
                        Interlocked.Decrement(ref waiting);
                        continue;
                    }

                    _running = true;
                    var generation = ++_started;
                    Exception? error = null;
                    Monitor.Exit(_lock);
                    try
                    {
                        fsync();
                    }
                    catch (Exception e)
                    {
                        error = e;
                    }
                    finally
                    {
                        Monitor.Enter(_lock);
                    }

                    _running = false;
                    _completed = generation;
                    if (error is not null)
                    {
                        // The last few failures, for the waiters of each (they wake within one more fsync).
                        _failures.Enqueue((generation, error));
                        if (_failures.Count > 64)
                        {
                            _failures.Dequeue();
                        }
                    }

                    Monitor.PulseAll(_lock);
                }

                // Generations run one at a time and in order, so the caller's is exactly the one numbered `needed`.
                foreach (var (generation, error) in _failures)
                {
                    if (generation == needed)
                    {
                        throw new IOException($"fsync of a store folder failed: {error.Message}", error);
                    }
                }
            }
        }
    }
}
