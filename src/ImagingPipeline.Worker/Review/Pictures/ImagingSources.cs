using ImagingPipeline.Dicom;
using ImagingPipeline.Extraction.Binding;
using ImagingPipeline.Extraction.Frames;
using ImagingPipeline.Worker.Configuration;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Review.Pictures;

/// <summary>
/// The DICOM objects pictures are drawn from, read from the store on demand: structure sets (whole
/// file), series as slice stacks (headers only; pixels are read per slice later) and a patient's
/// registrations. Stacks and structure sets are kept in memory for the next pictures, keyed by what
/// the index says about their files so a replaced instance is read again.
/// </summary>
internal sealed class ImagingSources(ImagingIndex index, IOptions<StorageOptions> storage)
{
    private readonly BoundedCache<StructureSetInfo?> _structureSets = new(16);
    private readonly BoundedCache<SliceStack?> _stacks = new(32);

    private string Full(string relativePath) => Path.Combine(storage.Value.FullRoot, relativePath);

    public async Task<StructureSetInfo?> StructureSetAsync(string sopInstanceUid, string stamp, CancellationToken ct) =>
        await _structureSets.GetAsync(sopInstanceUid + "|" + stamp, async () =>
        {
            if (await index.InstancePathAsync(sopInstanceUid, ct) is not { } path)
            {
                return null;
            }

            var file = DicomFile.Open(Full(path));
            return InstanceIdentity.Read(file.Dataset, path) is { } id ? StructureSetReader.Read(file.Dataset, id) : null;
        });

    public async Task<SliceStack?> StackAsync(string seriesUid, bool pet, string stamp, CancellationToken ct) =>
        await _stacks.GetAsync(seriesUid + "|" + stamp, async () =>
        {
            var files = await index.SeriesFilesAsync(seriesUid, ct);
            return files.Count == 0 ? null : SliceStackReader.Read(files.Select(f => Full(f.RelativePath)), pet, ct);
        });

    /// <summary>The frames of reference of the patient's studies joined by every registration in the store.</summary>
    public async Task<FrameGraph> FramesAsync(string patientId, CancellationToken ct)
    {
        var (registrations, frameOfInstance) = await index.PatientFramesAsync(patientId, ct);
        var graph = new FrameGraph();
        var ignored = new List<string>();
        foreach (var path in registrations)
        {
            var file = DicomFile.Open(Full(path));
            if (InstanceIdentity.Read(file.Dataset, path) is { } id)
            {
                graph.Add(RegistrationReader.Read(file.Dataset, id), sop => frameOfInstance.GetValueOrDefault(sop), ignored);
            }
        }

        return graph;
    }
}
