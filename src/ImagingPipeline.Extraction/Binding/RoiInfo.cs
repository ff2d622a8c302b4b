namespace ImagingPipeline.Extraction.Binding;

/// <summary>One ROI of a structure set with its observation and contours.</summary>
internal sealed record RoiInfo
{
    public required int Number { get; init; }

    public required string Name { get; init; }

    /// <summary>ReferencedFrameOfReferenceUID (3006,0024) of the ROI.</summary>
    public string? FrameOfReferenceUid { get; init; }

    /// <summary>RTROIInterpretedType (3006,00A4), possibly empty.</summary>
    public string? InterpretedType { get; init; }

    /// <summary>ROIDisplayColor (3006,002A) as [r, g, b].</summary>
    public IReadOnlyList<int>? Color { get; init; }

    /// <summary>CodeMeaning of RTROIIdentificationCodeSequence (or AnatomicRegionSequence) in the observation.</summary>
    public string? AnatomicCodeMeaning { get; init; }

    public IReadOnlyList<RoiContour> Contours { get; init; } = [];
}
