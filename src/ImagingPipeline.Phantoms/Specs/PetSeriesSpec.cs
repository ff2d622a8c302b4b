namespace ImagingPipeline.Phantoms.Specs;

/// <summary>A PET series of a phantom study (16-bit signed, BQML), in the study's frame.</summary>
public sealed record PetSeriesSpec
{
    public required ImageGridSpec Grid { get; init; }

    public required PetAcquisitionSpec Acquisition { get; init; }

    public PhantomTransferSyntax TransferSyntax { get; init; } = PhantomTransferSyntax.ExplicitVRLittleEndian;
}
