using ImagingPipeline.Dicom;
using ImagingPipeline.Phantoms.Specs;

namespace ImagingPipeline.Phantoms.Writers;

/// <summary>RT Structure Set IOD (PS3.3 A.19): every structure of the study's anatomy on the CT planes it meets.</summary>
internal static class StructureSetWriter
{
    public const string Folder = "RTSTRUCT";

    /// <summary>Writes the structure set; returns its path, SOP Instance UID and the planes written per structure (in anatomy order).</summary>
    public static (string Path, string SopInstanceUid, IReadOnlyList<IReadOnlyList<ContourPlane>> Planes) Write(
        StudyContext context, StructureSetSpec spec, IReadOnlyList<WrittenSlice> ctSlices)
    {
        var time = context.Study.StudyDateTime.AddHours(1);
        var ds = CommonModules.Create(context, "RTSTRUCT", Folder, 3, "Structures " + context.Study.Description, time, DicomUids.RTStructureSetStorage, 1);
        CommonModules.AddFrameOfReference(ds, context.FrameOfReferenceUid);
        ds.Remove(DicomTag.Laterality); // the RT Series module has none
        ds.AddOrUpdate(DicomTag.OperatorsName, "");
        ds.AddOrUpdate(DicomTag.StructureSetLabel, spec.Label);
        ds.AddOrUpdate(DicomTag.StructureSetDate, DicomValues.Date(time));
        ds.AddOrUpdate(DicomTag.StructureSetTime, DicomValues.Time(time));

        var ctSeries = context.SeriesUid(CtSeriesWriter.Folder);
        var series = new DicomDataset();
        series.AddOrUpdate(DicomTag.SeriesInstanceUID, ctSeries);
        series.AddOrUpdate(DicomTag.ContourImageSequence, ctSlices.Select(s => CommonModules.Reference(DicomUids.CTImageStorage, s.SopInstanceUid)));
        var study = new DicomDataset();
        study.AddOrUpdate(DicomTag.ReferencedSOPClassUID, "1.2.840.10008.3.1.2.3.1");
        study.AddOrUpdate(DicomTag.ReferencedSOPInstanceUID, context.StudyInstanceUid);
        study.AddOrUpdate(DicomTag.RTReferencedSeriesSequence, [series]);
        var frame = new DicomDataset();
        frame.AddOrUpdate(DicomTag.FrameOfReferenceUID, context.FrameOfReferenceUid);
        frame.AddOrUpdate(DicomTag.RTReferencedStudySequence, [study]);
        ds.AddOrUpdate(DicomTag.ReferencedFrameOfReferenceSequence, [frame]);

        var rois = new List<DicomDataset>();
        var contours = new List<DicomDataset>();
        var observations = new List<DicomDataset>();
        var planesPerStructure = new List<IReadOnlyList<ContourPlane>>();
        var number = 0;
        foreach (var structure in context.Study.Anatomy)
        {
            number++;
            var planes = ContourBuilder.Build(structure, context.WorldToFrame, ctSlices.Select(s => s.PlaneZ));
            planesPerStructure.Add(planes);

            var roi = new DicomDataset();
            roi.AddOrUpdate(DicomTag.ROINumber, DicomVR.IS, DicomValues.Integer(number));
            roi.AddOrUpdate(DicomTag.ReferencedFrameOfReferenceUID, context.FrameOfReferenceUid);
            roi.AddOrUpdate(DicomTag.ROIName, structure.Name);
            roi.AddOrUpdate(DicomTag.ROIGenerationAlgorithm, "MANUAL");
            rois.Add(roi);

            var contour = new DicomDataset();
            contour.AddOrUpdate(DicomTag.ROIDisplayColor, DicomVR.IS,
                DicomValues.Integer(structure.Color.Red), DicomValues.Integer(structure.Color.Green), DicomValues.Integer(structure.Color.Blue));
            contour.AddOrUpdate(DicomTag.ContourSequence, Contours(structure, planes, ctSlices));
            contour.AddOrUpdate(DicomTag.ReferencedROINumber, DicomVR.IS, DicomValues.Integer(number));
            contours.Add(contour);

            var observation = new DicomDataset();
            observation.AddOrUpdate(DicomTag.ObservationNumber, DicomVR.IS, DicomValues.Integer(number));
            observation.AddOrUpdate(DicomTag.ReferencedROINumber, DicomVR.IS, DicomValues.Integer(number));
            if (structure.AnatomicCode is { } code)
            {
                observation.AddOrUpdate(DicomTag.RTROIIdentificationCodeSequence, [CommonModules.Code(code)]);
            }

            observation.AddOrUpdate(DicomTag.RTROIInterpretedType, structure.InterpretedType);
            observation.AddOrUpdate(DicomTag.ROIInterpreter, "");
            observations.Add(observation);
        }

        ds.AddOrUpdate(DicomTag.StructureSetROISequence, rois);
        ds.AddOrUpdate(DicomTag.ROIContourSequence, contours);
        ds.AddOrUpdate(DicomTag.RTROIObservationsSequence, observations);
        ds.AddOrUpdate(DicomTag.ApprovalStatus, "UNAPPROVED");
        var path = CommonModules.Save(context, ds, Folder, 1, spec.TransferSyntax);
        return (path, ds.GetString(DicomTag.SOPInstanceUID)!, planesPerStructure);
    }

    private static List<DicomDataset> Contours(PhantomStructure structure, IReadOnlyList<ContourPlane> planes, IReadOnlyList<WrittenSlice> ctSlices)
    {
        var items = new List<DicomDataset>();
        foreach (var plane in planes)
        {
            var image = ctSlices.MinBy(s => Math.Abs(s.PlaneZ - plane.Z))!;
            foreach (var (ellipse, hole) in plane.Solids.Select(e => (e, false)).Concat(plane.Holes.Select(e => (e, true))))
            {
                var vertices = ellipse.Vertices(structure.Vertices);
                if (hole)
                {
                    Array.Reverse(vertices);
                }

                var data = vertices.SelectMany(p => new[] { p.X, p.Y, plane.Z }).Select(DicomValues.Coordinate).ToArray();
                var item = new DicomDataset();
                item.AddOrUpdate(DicomTag.ContourImageSequence, [CommonModules.Reference(DicomUids.CTImageStorage, image.SopInstanceUid)]);
                item.AddOrUpdate(DicomTag.ContourGeometricType, "CLOSED_PLANAR");
                item.AddOrUpdate(DicomTag.NumberOfContourPoints, DicomVR.IS, DicomValues.Integer(vertices.Length));
                item.AddOrUpdate(DicomTag.ContourNumber, DicomVR.IS, DicomValues.Integer(items.Count + 1));
                item.AddOrUpdate(DicomTag.ContourData, DicomVR.DS, data);
                items.Add(item);
            }
        }

        return items;
    }
}
