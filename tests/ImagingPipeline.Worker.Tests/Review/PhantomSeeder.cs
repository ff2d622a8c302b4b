using ImagingPipeline.Contracts;
using ImagingPipeline.Phantoms;
using ImagingPipeline.Phantoms.Specs;
using ImagingPipeline.Phantoms.Truth;
using ImagingPipeline.Worker.Assessments;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Storage;
using ImagingPipeline.Worker.Studies;
using Microsoft.Extensions.DependencyInjection;

namespace ImagingPipeline.Worker.Tests.Review;

/// <summary>
/// Puts a phantom patient into a running worker: every file through the instance store, as the
/// DICOM listener does after receiving it; the worker then closes the studies (their content is
/// whole), extracts them per timepoint and publishes. Returns once every study is Published, with the
/// patient's latest assessment of each timepoint, oldest timepoint first.
/// </summary>
internal static class PhantomSeeder
{
    public static async Task<(PhantomTruth Truth, IReadOnlyList<OligoProgressionAssessed> Stored)> SeedAsync(IServiceProvider services,
        PatientSpec patient, string scratch, TimeSpan within, CancellationToken ct)
    {
        var folder = Path.Combine(scratch, "phantom-" + patient.Seed);
        var truth = PhantomGenerator.Write(patient, folder);
        var store = services.GetRequiredService<InstanceStore>();
        foreach (var relative in truth.Files)
        {
            var source = Path.Combine(folder, relative);
            var header = Part10HeaderReader.Read(source);
            var received = Path.Combine(scratch, Guid.NewGuid().ToString("N") + ".part");
            File.Copy(source, received);
            var outcome = await store.StoreAsync(header, received, "PHANTOM", ct);
            File.Delete(received);
            if (!outcome.IsSuccess)
            {
                throw new InvalidOperationException($"storing {relative} failed: {outcome.ErrorComment}");
            }
        }

        var index = services.GetRequiredService<StudyIndex>();
        var deadline = DateTime.UtcNow + within;
        foreach (var study in truth.StudyUids.Values)
        {
            string? state;
            while ((state = (await index.GetStudyAsync(study, ct))?.Study.State) != StudyState.Published)
            {
                if (state == StudyState.Failed || DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"study {study} is {state} after {within}, not Published");
                }

                await Task.Delay(200, ct);
            }
        }

        var latest = await services.GetRequiredService<AssessmentRepository>().ForPatientAsync(truth.PatientId, null, history: false, ct);
        return (truth, [.. latest.Reverse()]);
    }
}
