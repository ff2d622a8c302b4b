using ImagingPipeline.Dicom;
using ImagingPipeline.Phantoms.Specs;

namespace ImagingPipeline.Phantoms.Writers;

/// <summary>CT Image IOD (PS3.3 A.3): unsigned 16-bit, HU = stored − 1024.</summary>
internal static class CtSeriesWriter
{
    public const string Folder = "CT";

    /// <summary>Writes the series; returns, per slice in acquisition order, the path, SOP Instance UID and plane z.</summary>
    public static IReadOnlyList<WrittenSlice> Write(StudyContext context, CtSeriesSpec spec, AnatomySampler anatomy)
    {
        var grid = spec.Grid;
        var frameToWorld = context.WorldToFrame.Inverse();
        var written = new List<WrittenSlice>(grid.SliceCount);
        var pixels = new short[grid.Rows * grid.Columns];
        var time = context.Study.StudyDateTime.AddMinutes(2);
        for (var k = 0; k < grid.SliceCount; k++)
        {
            for (var r = 0; r < grid.Rows; r++)
            {
                for (var c = 0; c < grid.Columns; c++)
                {
                    var hu = anatomy.Hu(frameToWorld.Apply(grid.VoxelCentre(k, r, c)));
                    pixels[(r * grid.Columns) + c] = unchecked((short)(ushort)Math.Clamp(Math.Round(hu) + 1024, 0, 4095));
                }
            }

            var ds = CommonModules.Create(context, "CT", Folder, 1, "CT " + context.Study.Description, time, DicomUids.CTImageStorage, k + 1);
            CommonModules.AddFrameOfReference(ds, context.FrameOfReferenceUid);
            ds.AddOrUpdate(DicomTag.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
            ds.AddOrUpdate(DicomTag.PatientPosition, grid.PositionCode);
            ds.AddOrUpdate(DicomTag.AcquisitionNumber, DicomVR.IS, "1");
            ds.AddOrUpdate(DicomTag.AcquisitionDate, DicomValues.Date(time));
            ds.AddOrUpdate(DicomTag.AcquisitionTime, DicomValues.Time(time));
            ds.AddOrUpdate(DicomTag.ContentDate, DicomValues.Date(time));
            ds.AddOrUpdate(DicomTag.ContentTime, DicomValues.Time(time));
            ds.AddOrUpdate(DicomTag.KVP, DicomVR.DS, "120");
            ds.AddOrUpdate(DicomTag.RescaleIntercept, DicomVR.DS, "-1024");
            ds.AddOrUpdate(DicomTag.RescaleSlope, DicomVR.DS, "1");
            ds.AddOrUpdate(DicomTag.RescaleType, "HU");
            ds.AddOrUpdate(DicomTag.WindowCenter, DicomVR.DS, "40");
            ds.AddOrUpdate(DicomTag.WindowWidth, DicomVR.DS, "400");
            ImagePlaneModule.Add(ds, grid, k, signed: false, pixels);
            var path = CommonModules.Save(context, ds, Folder, k + 1, spec.TransferSyntax);
            written.Add(new WrittenSlice(path, ds.GetString(DicomTag.SOPInstanceUID)!, grid.SliceZ(k)));
        }

        return written;
    }
}
