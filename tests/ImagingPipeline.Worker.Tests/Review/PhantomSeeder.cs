using ImagingPipeline.Contracts;
using ImagingPipeline.Extraction;
using ImagingPipeline.Phantoms;
using ImagingPipeline.Phantoms.Specs;
using ImagingPipeline.Phantoms.Truth;
using ImagingPipeline.Worker.Assessments;
using ImagingPipeline.Worker.Configuration;
using ImagingPipeline.Worker.Index;
using ImagingPipeline.Worker.Storage;
using ImagingPipeline.Worker.Studies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Tests.Review;

/// <summary>
/// Puts a phantom patient into a running worker as its pipeline would: every file through the
/// instance store (index rows, files under the store root), then the extractor over the stored
/// files and the assessment recorder in one transaction with the outbox rows.
/// </summary>
internal static class PhantomSeeder
{
    public static async Task<(PhantomTruth Truth, IReadOnlyList<OligoProgressionAssessed> Stored)> SeedAsync(IServiceProvider services,
        PatientSpec patient, string scratch, CancellationToken ct)
    {
        var folder = Path.Combine(scratch, "phantom-" + patient.Seed);
        var truth = PhantomGenerator.Write(patient, folder);
        var store = services.GetRequiredService<InstanceStore>();
        var root = services.GetRequiredService<IOptions<StorageOptions>>().Value.FullRoot;
        var stored = new List<string>();
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

            stored.Add(Path.Combine(root, header.StudyInstanceUid, header.SeriesInstanceUid, header.SopInstanceUid + ".dcm"));
        }

        return (truth, await ExtractAsync(services, stored, truth.StudyUids.Values.First(), ct));
    }

    /// <summary>Extracts from <paramref name="files"/> and records the assessments that changed (as the worker's processor does).</summary>
    public static async Task<IReadOnlyList<OligoProgressionAssessed>> ExtractAsync(IServiceProvider services, IReadOnlyList<string> files,
        string originStudy, CancellationToken ct)
    {
        var result = new StudyExtractor(new ExtractionOptions { AssessedAt = DateTimeOffset.UtcNow }).Extract(files.Select(ExtractionInput.FromFile), ct);
        var recorder = services.GetRequiredService<AssessmentRecorder>();
        return await services.GetRequiredService<IndexDatabase>().InTransactionAsync((connection, tx) =>
            recorder.RecordAsync(connection, tx, result.Assessments, new StudyProcessingContext(originStudy, 1), ct), ct);
    }
}
