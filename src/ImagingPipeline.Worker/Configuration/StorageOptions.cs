namespace ImagingPipeline.Worker.Configuration;

/// <summary>The instance store (configuration section <c>Storage</c>).</summary>
internal sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Folder holding {StudyUID}/{SeriesUID}/{SOPUID}.dcm and, without PostgreSQL, the index.</summary>
    public string Root { get; set; } = "./data";

    /// <summary>fsync every file and its folder before acknowledging (on by default).</summary>
    public bool Fsync { get; set; } = true;

    /// <summary>Bytes that must stay free on the store's file system; below it C-STOREs get 0xA700.</summary>
    public long MinimumFreeSpace { get; set; } = 1L << 30;

    /// <summary>The root as an absolute path.</summary>
    public string FullRoot => Path.GetFullPath(Root);
}
