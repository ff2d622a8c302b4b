using System.Globalization;
using ImagingPipeline.TestSupport.Environment;
using Xunit;

namespace ImagingPipeline.Fuzz.Tests;

/// <summary>
/// The bounded fuzz smoke of CI: each harness under afl-fuzz for FUZZ_SMOKE_SECONDS (default 45) from the
/// checked-in corpus. Any crash or hang fails the test, naming the saved inputs; so does a run that executed
/// nothing. afl-fuzz or the SharpFuzz tool missing skips the test on a laptop and fails it under CI=true.
/// </summary>
public sealed class AflSmokeTests
{
    private const int DefaultSeconds = 45;

    [Theory]
    [InlineData("part10")]
    [InlineData("pdu")]
    [InlineData("extraction")]
    public async Task HarnessRunsWithoutCrashOrHang(string harness)
    {
        var ct = TestContext.Current.CancellationToken;
        var aflFuzz = Requirements.Tool("afl-fuzz", "/usr/bin/afl-fuzz");
        if (await AflRun.RestoreSharpFuzzAsync(ct) is { } problem)
        {
            Requirements.Unavailable(problem);
        }

        var seconds = SmokeSeconds();
        // Calibration of the seeds and the runtime's start-up come on top of the fuzzing time.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(seconds + 180));
        using var run = await AflRun.StartAsync(aflFuzz, harness, seconds, limit.Token);

        var summary = $"{harness}: {run.Stat("execs_done")} execs, corpus {run.Stat("corpus_count")}, " +
            $"bitmap {run.Stats.GetValueOrDefault("bitmap_cvg")}";
        TestContext.Current.SendDiagnosticMessage(summary);
        Assert.True(run.Crashes.Count == 0 && run.Hangs.Count == 0 && run.Stat("saved_crashes") == 0 && run.Stat("saved_hangs") == 0,
            $"{summary}: afl-fuzz saved {run.Crashes.Count} crash(es) and {run.Hangs.Count} hang(s); reproduce with " +
            $"'dotnet ImagingPipeline.Fuzz.dll {harness} < FILE':\n{string.Join('\n', run.Crashes.Concat(run.Hangs))}");
        Assert.True(run.Stat("execs_done") > 0, $"{summary}: afl-fuzz executed nothing\n{run.Log}");
    }

    private static int SmokeSeconds() =>
        int.TryParse(System.Environment.GetEnvironmentVariable("FUZZ_SMOKE_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0
            ? s
            : DefaultSeconds;
}
