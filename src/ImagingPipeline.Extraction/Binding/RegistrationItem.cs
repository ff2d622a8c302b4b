using ImagingPipeline.Extraction.Geometry;

namespace ImagingPipeline.Extraction.Binding;

/// <summary>
/// One RegistrationSequence item: the moving frame (or the images that stand for it) and the matrix
/// that maps it into the registration object's frame.
/// </summary>
internal sealed record RegistrationItem(string? FrameOfReferenceUid, IReadOnlyList<string> ReferencedImageUids, Matrix4 MovingToRegistered, string MatrixTypes);
