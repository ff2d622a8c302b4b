using ImagingPipeline.Phantoms;
using ImagingPipeline.Phantoms.Truth;

namespace ImagingPipeline.Worker.Tests.Support;

/// <summary>
/// The phantom sample patient written once per test class: a baseline PET/CT with its structure
/// set, a follow-up PET/CT, and a planning CT in its own frame with a structure set and a spatial
/// registration to the follow-up frame, with the generator's truth.
/// </summary>
public sealed class SamplePatientFixture : IDisposable
{
    private readonly TempDirectory _folder = new();

    public SamplePatientFixture() => Truth = PhantomGenerator.Write(SamplePatient.Create(), _folder.Path);

    public PhantomTruth Truth { get; }

    public string Folder => _folder.Path;

    /// <summary>The full paths of the files of one study ("baseline", "followup", "planning").</summary>
    public IReadOnlyList<string> FilesOf(string studyKey) =>
        [.. Truth.Files.Where(f => f.StartsWith(studyKey + "/", StringComparison.Ordinal)).Select(f => Path.Combine(Folder, f))];

    public void Dispose() => _folder.Dispose();
}
