using ImagingPipeline.Dicom;

namespace ImagingPipeline.Extraction;

/// <summary>
/// One instance handed to <see cref="StudyExtractor"/>: a Part 10 file on disk (read header-only
/// unless its pixel data is needed) or an instance already in memory.
/// </summary>
public sealed class ExtractionInput
{
    private ExtractionInput(string name, string? path, DicomFile? file)
    {
        Name = name;
        Path = path;
        File = file;
    }

    /// <summary>The path, or the name given to an in-memory instance; used in warnings.</summary>
    public string Name { get; }

    internal string? Path { get; }

    internal DicomFile? File { get; }

    public static ExtractionInput FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new ExtractionInput(path, path, null);
    }

    /// <summary>An instance already parsed (its pixel data included when it is a PET image).</summary>
    public static ExtractionInput FromDicomFile(DicomFile file, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new ExtractionInput(name ?? file.Dataset.GetString(DicomTag.SOPInstanceUID) ?? "data set", null, file);
    }

    /// <summary>Every file under <paramref name="folder"/>, recursively, in ordinal path order (non-DICOM files are skipped when read).</summary>
    public static IReadOnlyList<ExtractionInput> FromFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(FromFile)];
    }
}
