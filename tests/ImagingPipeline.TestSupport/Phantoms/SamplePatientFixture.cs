using ImagingPipeline.Phantoms;
using ImagingPipeline.Phantoms.Truth;

namespace ImagingPipeline.TestSupport.Phantoms;

/// <summary>
/// The phantom sample patient written once per test class into a temp folder: a baseline PET/CT
/// with its structure set, a follow-up PET/CT, and a planning CT in its own frame with a structure
/// set and a spatial registration to the follow-up frame, with the generator's truth.
/// </summary>
public sealed class SamplePatientFixture : IDisposable
{
    public SamplePatientFixture()
    {
        Folder = Directory.CreateTempSubdirectory("ip-sample-").FullName;
        Truth = PhantomGenerator.Write(SamplePatient.Create(), Folder);
    }

    public PhantomTruth Truth { get; }

    public string Folder { get; }

    /// <summary>The full paths of the files of one study ("baseline", "followup", "planning").</summary>
    public IReadOnlyList<string> FilesOf(string studyKey) =>
        [.. Truth.Files.Where(f => f.StartsWith(studyKey + "/", StringComparison.Ordinal)).Select(f => Path.Combine(Folder, f))];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still open; the temp folder is cleaned eventually
        }
    }
}
