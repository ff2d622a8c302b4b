namespace ImagingPipeline.Phantoms.Writers;

/// <summary>One written image: its path (relative to the output folder), SOP Instance UID and plane z in its frame.</summary>
internal sealed record WrittenSlice(string RelativePath, string SopInstanceUid, double PlaneZ);
