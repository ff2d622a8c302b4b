using System.Collections.Concurrent;

namespace ImagingPipeline.Worker.Review.Pictures;

/// <summary>
/// At most <c>capacity</c> values computed once per key, shared by concurrent callers (the first
/// view of a page asks for many pictures of one series at once); the oldest key goes first; a
/// failed computation is forgotten so the next caller tries again.
/// </summary>
internal sealed class BoundedCache<T>(int capacity)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public async Task<T> GetAsync(string key, Func<Task<T>> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        var lazy = _values.GetOrAdd(key, k =>
        {
            _order.Enqueue(k);
            return new Lazy<Task<T>>(create, LazyThreadSafetyMode.ExecutionAndPublication);
        });
        while (_values.Count > capacity && _order.TryDequeue(out var oldest))
        {
            if (oldest != key)
            {
                _values.TryRemove(oldest, out _);
            }
        }

        try
        {
            return await lazy.Value;
        }
        catch
        {
            _values.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(key, lazy));
            throw;
        }
    }
}
