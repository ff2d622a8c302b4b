namespace ImagingPipeline.Phantoms.Tests;

/// <summary>A folder under the temp directory, deleted with its content on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix) =>
        Path = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N")[..10])).FullName;

    public string Path { get; }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
