using ImagingPipeline.Phantoms.Geometry;

namespace ImagingPipeline.Phantoms.Writers;

/// <summary>The cross-sections of one structure on one plane: solid outlines and hole outlines.</summary>
internal sealed record ContourPlane(double Z, IReadOnlyList<PlaneEllipse> Solids, IReadOnlyList<PlaneEllipse> Holes);
