namespace ImagingPipeline.Phantoms.Specs;

/// <summary>A CT series of a phantom study (16-bit, HU = stored − 1024).</summary>
public sealed record CtSeriesSpec
{
    public required ImageGridSpec Grid { get; init; }

    public PhantomTransferSyntax TransferSyntax { get; init; } = PhantomTransferSyntax.ExplicitVRLittleEndian;
}
