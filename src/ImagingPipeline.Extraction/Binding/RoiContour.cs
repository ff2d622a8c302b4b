using ImagingPipeline.Extraction.Geometry;

namespace ImagingPipeline.Extraction.Binding;

/// <summary>
/// One item of a ContourSequence (PS3.3 C.8.8.6): its geometric type, the closed polygon when it is
/// CLOSED_PLANAR (or CLOSEDPLANAR_XOR) with at least three points, and the images it references.
/// </summary>
internal sealed record RoiContour(string GeometricType, PlanarContour? Closed, IReadOnlyList<string> ImageUids, int PointCount);
