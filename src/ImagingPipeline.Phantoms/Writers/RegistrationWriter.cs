using ImagingPipeline.Dicom;
using ImagingPipeline.Phantoms.Specs;

namespace ImagingPipeline.Phantoms.Writers;

/// <summary>
/// Spatial Registration IOD (PS3.3 A.39): the object's frame is the registered frame; each
/// RegistrationSequence item names a moving frame and a RIGID matrix that maps it into the
/// registered frame: M = W_registered · W_moving⁻¹ (W the world-to-frame transforms).
/// </summary>
internal static class RegistrationWriter
{
    public const string Folder = "REG";

    public static string Write(StudyContext context, RegistrationSpec spec, int index)
    {
        var time = context.Study.StudyDateTime.AddHours(1).AddMinutes(10 + index);
        var seriesKey = Folder + DicomValues.Integer(index);
        var ds = CommonModules.Create(context, "REG", seriesKey, 10 + index, "Registration", time, DicomUids.SpatialRegistrationStorage, index);
        CommonModules.AddFrameOfReference(ds, context.FrameUid(spec.RegisteredFrameKey));
        ds.AddOrUpdate(DicomTag.DeviceSerialNumber, "0001");
        ds.AddOrUpdate(DicomTag.ContentDate, DicomValues.Date(time));
        ds.AddOrUpdate(DicomTag.ContentTime, DicomValues.Time(time));
        ds.AddOrUpdate(DicomTag.ContentLabel, "REGISTRATION");
        ds.AddOrUpdate(DicomTag.ContentDescription, "Rigid registration of the planning CT");
        ds.AddOrUpdate(DicomTag.ContentCreatorName, "");

        var registered = context.Frame(spec.RegisteredFrameKey).WorldToFrame;
        var items = new List<DicomDataset>();
        var frames = spec.IncludeIdentityItem ? spec.MovingFrameKeys.Prepend(spec.RegisteredFrameKey) : spec.MovingFrameKeys;
        foreach (var key in frames)
        {
            var matrix = context.Frame(key).WorldToFrame.Inverse().Then(registered).ToRowMajor4x4();
            var m = new DicomDataset();
            m.AddOrUpdate(DicomTag.FrameOfReferenceTransformationMatrix, DicomVR.DS, DicomValues.Decimals(matrix));
            m.AddOrUpdate(DicomTag.FrameOfReferenceTransformationMatrixType, "RIGID");
            var matrixRegistration = new DicomDataset();
            matrixRegistration.AddOrUpdate(DicomTag.RegistrationTypeCodeSequence, Array.Empty<DicomDataset>());
            matrixRegistration.AddOrUpdate(DicomTag.MatrixSequence, [m]);
            var item = new DicomDataset();
            item.AddOrUpdate(DicomTag.FrameOfReferenceUID, context.FrameUid(key));
            item.AddOrUpdate(DicomTag.MatrixRegistrationSequence, [matrixRegistration]);
            items.Add(item);
        }

        ds.AddOrUpdate(DicomTag.RegistrationSequence, items);
        return CommonModules.Save(context, ds, seriesKey, index, spec.TransferSyntax);
    }
}
