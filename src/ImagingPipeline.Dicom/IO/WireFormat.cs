namespace ImagingPipeline.Dicom.IO;

/// <summary>How elements are encoded: explicit or implicit VR (PS3.5 7.1.2/7.1.3), little or big endian (PS3.5 7.3).</summary>
internal readonly record struct WireFormat(bool Explicit, bool Little)
{
    public static readonly WireFormat ExplicitLittle = new(true, true);

    /// <summary>PS3.5 6.2.2: the value of a UN element holding a sequence is in implicit VR little endian.</summary>
    public static readonly WireFormat ImplicitLittle = new(false, true);

    public static WireFormat Of(DicomTransferSyntax syntax) => new(syntax.IsExplicitVR, syntax.IsLittleEndian);
}
