namespace ImagingPipeline.Extraction.Binding;

/// <summary>An RT Structure Set (PS3.3 A.19) as the extraction needs it.</summary>
internal sealed record StructureSetInfo
{
    public required InstanceIdentity Id { get; init; }

    public string? Label { get; init; }

    /// <summary>StructureSetDate/Time, else the series or study date.</summary>
    public DateTime? DateTime { get; init; }

    /// <summary>FrameOfReferenceUID of each ReferencedFrameOfReferenceSequence item.</summary>
    public IReadOnlyList<string> ReferencedFrames { get; init; } = [];

    /// <summary>SeriesInstanceUID of each RTReferencedSeriesSequence item.</summary>
    public IReadOnlyList<string> ReferencedSeries { get; init; } = [];

    public IReadOnlyList<RoiInfo> Rois { get; init; } = [];

    /// <summary>What was odd in the object itself (missing numbers, malformed contours).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The frame the ROIs are in: the most common ROI frame, else the first referenced frame, else the instance's.</summary>
    public string? FrameOfReferenceUid =>
        Rois.Where(r => r.FrameOfReferenceUid is not null).GroupBy(r => r.FrameOfReferenceUid!, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault()
        ?? ReferencedFrames.FirstOrDefault() ?? Id.FrameOfReferenceUid;
}
