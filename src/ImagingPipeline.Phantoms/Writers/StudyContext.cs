using ImagingPipeline.Phantoms.Geometry;
using ImagingPipeline.Phantoms.Specs;

namespace ImagingPipeline.Phantoms.Writers;

/// <summary>What every writer of one study needs: the patient, the study, its UIDs and frame.</summary>
internal sealed record StudyContext(PatientSpec Patient, StudySpec Study, PhantomUids Uids, string OutputFolder)
{
    public string StudyInstanceUid => Uids.For("study/" + Study.Key);

    public string FrameOfReferenceUid => FrameUid(Study.FrameKey);

    public RigidTransform WorldToFrame => Frame(Study.FrameKey).WorldToFrame;

    public string FrameUid(string frameKey) => Uids.For("frame/" + frameKey);

    public FrameSpec Frame(string key) => Patient.Frames.FirstOrDefault(f => f.Key == key)
        ?? throw new ArgumentException($"Study {Study.Key} names frame '{key}', which the patient does not define.");

    public string SeriesUid(string series) => Uids.For($"series/{Study.Key}/{series}");

    public string InstanceUid(string series, int index) => Uids.For($"instance/{Study.Key}/{series}/{index}");

    /// <summary>The path of an instance, relative to the output folder: {study}/{series}/{index:0000}.dcm.</summary>
    public static string RelativePath(string studyKey, string series, int index)
        => Path.Combine(studyKey, series, DicomValues.Integer(index).PadLeft(4, '0') + ".dcm");
}
