namespace ImagingPipeline.Worker.Storage;

/// <summary>An instance row as the index holds it.</summary>
internal sealed record StoredInstance(
    string SopInstanceUid, string SeriesUid, string StudyUid, string Sha256, long SizeBytes, string Path, int Version);
