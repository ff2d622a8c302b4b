using ImagingPipeline.Phantoms.Geometry;

namespace ImagingPipeline.Phantoms.Specs;

/// <summary>A frame of reference of the phantom patient: frame coordinates = <see cref="WorldToFrame"/>(anatomy coordinates).</summary>
public sealed record FrameSpec(string Key, RigidTransform WorldToFrame);
