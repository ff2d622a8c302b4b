namespace ImagingPipeline.Dicom.Imaging;

/// <summary>The linear Modality LUT of PS3.3 C.11.1.1.2: output = stored value × <see cref="Slope"/> +
/// <see cref="Intercept"/>. <see cref="Type"/> is Rescale Type (0028,1054) when present, e.g. "HU";
/// for PET it is usually absent and Units (0054,1001) applies instead.</summary>
public readonly record struct DicomRescale(double Slope, double Intercept, string? Type)
{
    /// <summary>Slope 1, intercept 0: the stored values are the modality values.</summary>
    public static DicomRescale Identity { get; } = new(1, 0, null);

    public double Apply(double storedValue) => storedValue * Slope + Intercept;
}
