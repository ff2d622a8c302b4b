namespace ImagingPipeline.Extraction.Binding;

/// <summary>A Spatial Registration object (PS3.3 C.20.2): its own (registered) frame and its items.</summary>
internal sealed record RegistrationInfo
{
    public required InstanceIdentity Id { get; init; }

    /// <summary>FrameOfReferenceUID (0020,0052) of the object: every item maps into this frame.</summary>
    public string? RegisteredFrameUid { get; init; }

    public IReadOnlyList<RegistrationItem> Items { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];
}
