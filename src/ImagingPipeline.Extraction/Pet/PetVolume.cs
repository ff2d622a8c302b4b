using ImagingPipeline.Extraction.Geometry;

namespace ImagingPipeline.Extraction.Pet;

/// <summary>A PET series as SUVbw values on its grid: one row-major float array (Rows × Columns) per slice.</summary>
internal sealed record PetVolume(ImageGrid Grid, IReadOnlyList<float[]> SuvSlices);
