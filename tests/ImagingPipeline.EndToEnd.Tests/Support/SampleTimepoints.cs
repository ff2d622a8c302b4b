using System.Net.Http.Json;
using ImagingPipeline.Contracts;
using ImagingPipeline.TestSupport.Phantoms;
using ImagingPipeline.TestSupport.Servers;
using ImagingPipeline.Worker.Studies;

namespace ImagingPipeline.EndToEnd.Tests.Support;

/// <summary>
/// Issue 10's scenario on the phantom sample patient: its three studies (baseline PET/CT with a
/// structure set, follow-up PET/CT, planning CT with a structure set and a registration) pushed by
/// Orthanc as three associations in the given order, each only after the one before was closed,
/// processed and published; then every OligoProgressionAssessed published is checked against the
/// truth and against the worker's REST history.
/// </summary>
internal static class SampleTimepoints
{
    /// <summary>Deadline of every wait (a condition, never a sleep): generous for a loaded machine.</summary>
    public static readonly TimeSpan Within = TimeSpan.FromMinutes(5);

    public static async Task PushInOrderAndCheckAsync(WorkerHost worker, SamplePatientFixture sample, string order,
        Func<CancellationToken, Task<IReadOnlyList<OligoProgressionAssessed>>> published, CancellationToken ct)
    {
        await using var orthanc = await OrthancServer.StartAsync("IMAGINGPIPE", worker.DicomPort, ct);
        foreach (var key in order.Split(' '))
        {
            await OrthancPush.StudyAsync(orthanc, sample.FilesOf(key), ct);
            await Wait.UntilAsync(() => WorkerHost.StateAsync(worker.Api, sample.Truth.StudyUids[key], ct), s => s == StudyState.Published,
                Within, $"the {key} study being published", ct);
        }

        var history = await worker.Api.GetFromJsonAsync<List<OligoProgressionAssessed>>(
            $"/api/patients/{sample.Truth.PatientId}/assessment?history=true", ct);
        var messages = await Wait.UntilAsync(() => published(ct), m => m.Count >= history!.Count, Within, "every assessment version on the bus", ct);
        Assert.Equal(history!.Select(Key).Order(StringComparer.Ordinal), messages.Select(Key).Order(StringComparer.Ordinal));
        PhantomAssertions.SampleTimepointsMatchTruth(messages, sample.Truth);
    }

    private static string Key(OligoProgressionAssessed a) => $"{a.StudyInstanceUid}/{a.Version}";
}
