using ImagingPipeline.TestSupport.Environment;

namespace ImagingPipeline.Dicom.Tests.Support;

/// <summary>The real-world files the tests run over: pydicom's test files (dicomdirtests included) and
/// charset files, and the validation corpus.</summary>
internal static class Corpus
{
    /// <summary>Every file of the corpora (skipping the test, or failing it under CI, when one is missing).</summary>
    public static List<string> AllFiles() =>
    [
        .. Directory.EnumerateFiles(Requirements.Path(RepositoryPaths.PydicomTestFiles, "pydicom test files"), "*", SearchOption.AllDirectories),
        .. Directory.EnumerateFiles(Requirements.Path(RepositoryPaths.PydicomCharsetFiles, "pydicom charset files"), "*"),
        .. Directory.EnumerateFiles(Requirements.Path(RepositoryPaths.Validation, "the validation corpus"), "*.dcm", SearchOption.AllDirectories),
    ];

    /// <summary>The corpus files the toolkit reads (odd lengths accepted), with their bytes.</summary>
    public static List<(string Path, DicomFile File)> Readable()
    {
        var readable = new List<(string, DicomFile)>();
        foreach (var path in AllFiles().Order(StringComparer.Ordinal))
        {
            try
            {
                readable.Add((path, DicomFile.Open(path, new DicomReadOptions { AcceptOddLengths = true, LargeValueThreshold = int.MaxValue })));
            }
            catch (DicomParseException)
            {
                // Not DICOM or damaged on purpose: the conformance and error tests cover those.
            }
        }

        return readable;
    }

    public static string Pydicom(string name) =>
        Requirements.Path(Path.Combine(RepositoryPaths.PydicomTestFiles, name), "pydicom test file");
}
