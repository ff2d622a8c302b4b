namespace ImagingPipeline.Dicom;

/// <summary>The bytes that the values of one parse are slices of: the input itself when parsing a
/// buffer, or the compact copy of the small values when reading a file or stream. Shared by the data
/// set and all its sequence items; the reader sets <see cref="Memory"/> once when it completes.</summary>
internal sealed class ValueStore
{
    public ValueStore(ReadOnlyMemory<byte> memory) => Memory = memory;

    public ReadOnlyMemory<byte> Memory { get; set; }
}
