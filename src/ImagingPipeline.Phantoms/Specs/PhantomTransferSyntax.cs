namespace ImagingPipeline.Phantoms.Specs;

/// <summary>The uncompressed transfer syntaxes a phantom series can be written in.</summary>
public enum PhantomTransferSyntax
{
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    ExplicitVRBigEndian,
}
