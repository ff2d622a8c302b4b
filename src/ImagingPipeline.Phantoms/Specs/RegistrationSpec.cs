namespace ImagingPipeline.Phantoms.Specs;

/// <summary>
/// A Spatial Registration object in its study: its own frame is <see cref="RegisteredFrameKey"/>; one
/// RegistrationSequence item per moving frame, whose RIGID matrix maps that frame into the registered one.
/// </summary>
public sealed record RegistrationSpec
{
    public required string RegisteredFrameKey { get; init; }

    public required IReadOnlyList<string> MovingFrameKeys { get; init; }

    /// <summary>Also write the identity item for the registered frame itself, as planning systems do.</summary>
    public bool IncludeIdentityItem { get; init; } = true;

    public PhantomTransferSyntax TransferSyntax { get; init; } = PhantomTransferSyntax.ExplicitVRLittleEndian;
}
