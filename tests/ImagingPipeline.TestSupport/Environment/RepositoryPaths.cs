namespace ImagingPipeline.TestSupport.Environment;

/// <summary>Locates the repository root, ../shared beside it, and well-known corpora.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The folder holding ImagingPipeline.sln.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>The shared folder beside the checkout (../shared).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    /// <summary>The SUV reference objects (digital reference objects) with their expected values.</summary>
    public static string SuvDro => Path.Combine(Shared, "validation", "suv-dro");

    /// <summary>pydicom's real-world test files, from Debian's python3-pydicom.</summary>
    public const string PydicomTestFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    /// <summary>pydicom's Specific Character Set test files (ISO 2022 Japanese and Korean, GB18030, ISO 8859 …).</summary>
    public const string PydicomCharsetFiles = "/usr/lib/python3/dist-packages/pydicom/data/charset_files";

    /// <summary>The validation corpus beside the checkout (../shared/validation).</summary>
    public static string Validation => Path.Combine(Shared, "validation");

    /// <summary>The checked-in sample patient.</summary>
    public static string SampleDicom => Path.Combine(RepositoryRoot, "sample-dicom");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ImagingPipeline.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException(
            $"ImagingPipeline.sln not found above {AppContext.BaseDirectory}");
    }
}
