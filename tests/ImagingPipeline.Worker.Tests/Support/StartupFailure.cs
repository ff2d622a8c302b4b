using Microsoft.Extensions.Options;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Support;

/// <summary>The configuration error a worker host stops its start-up with.</summary>
internal static class StartupFailure
{
    /// <summary>
    /// Runs <paramref name="attempt"/> (start a fresh factory, return what its start threw) and returns the
    /// <see cref="OptionsValidationException"/>. WebApplicationFactory races with a host whose start-up throws: now
    /// and then it reports the disposed service provider instead of the start-up's exception. That is the test
    /// framework's race, not the worker's answer, so a fresh factory is tried then (up to 5 times).
    /// </summary>
    public static async Task<OptionsValidationException> ValidationErrorAsync(Func<Task<Exception?>> attempt)
    {
        for (var tries = 1; ; tries++)
        {
            var thrown = await attempt();
            if (thrown is ObjectDisposedException && tries < 5)
            {
                continue;
            }

            return Assert.IsAssignableFrom<OptionsValidationException>(thrown);
        }
    }
}
