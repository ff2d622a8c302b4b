namespace ImagingPipeline.EndToEnd.Tests.Support;

/// <summary>Waits on a condition with a deadline (never a fixed sleep followed by an assertion).</summary>
internal static class Wait
{
    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds; fails with <paramref name="what"/> and the last value after <paramref name="within"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan within, string what, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            T value;
            try
            {
                value = await probe();
            }
            catch (Exception e) when ((e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
                                      && DateTime.UtcNow <= deadline)
            {
                // One request that failed or timed out while the process was busy is not the answer: ask again.
                await Task.Delay(250, ct);
                continue;
            }

            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{what} did not happen within {within}; last seen: {value}");
            }

            await Task.Delay(250, ct);
        }
    }
}
