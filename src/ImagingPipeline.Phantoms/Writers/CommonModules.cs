using ImagingPipeline.Dicom;
using ImagingPipeline.Phantoms.Specs;

namespace ImagingPipeline.Phantoms.Writers;

/// <summary>Patient, General Study, General Series, General Equipment, Frame of Reference and SOP Common modules (PS3.3 C.7, C.12).</summary>
internal static class CommonModules
{
    public const string Manufacturer = "ImagingPipeline";
    public const string ModelName = "Phantoms";
    public const string SoftwareVersion = "1";

    public static DicomDataset Create(StudyContext context, string modality, string seriesKey, int seriesNumber, string seriesDescription, DateTime seriesTime, string sopClassUid, int instanceIndex)
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 100");
        ds.AddOrUpdate(DicomTag.SOPClassUID, sopClassUid);
        ds.AddOrUpdate(DicomTag.SOPInstanceUID, context.InstanceUid(seriesKey, instanceIndex));
        ds.AddOrUpdate(DicomTag.InstanceCreationDate, DicomValues.Date(seriesTime));
        ds.AddOrUpdate(DicomTag.InstanceCreationTime, DicomValues.Time(seriesTime));

        var patient = context.Patient;
        ds.AddOrUpdate(DicomTag.PatientName, patient.PatientName);
        ds.AddOrUpdate(DicomTag.PatientID, patient.PatientId);
        ds.AddOrUpdate(DicomTag.PatientBirthDate, DicomValues.Date(patient.BirthDate));
        ds.AddOrUpdate(DicomTag.PatientSex, patient.Sex);
        ds.AddOrUpdate(DicomTag.PatientIdentityRemoved, "YES");
        ds.AddOrUpdate(DicomTag.DeidentificationMethod, "Synthetic phantom: no patient data");

        var study = context.Study;
        ds.AddOrUpdate(DicomTag.StudyInstanceUID, context.StudyInstanceUid);
        ds.AddOrUpdate(DicomTag.StudyDate, DicomValues.Date(study.StudyDateTime));
        ds.AddOrUpdate(DicomTag.StudyTime, DicomValues.Time(study.StudyDateTime));
        ds.AddOrUpdate(DicomTag.ReferringPhysicianName, "");
        ds.AddOrUpdate(DicomTag.StudyID, study.Key.Length <= 16 ? study.Key : study.Key[..16]);
        ds.AddOrUpdate(DicomTag.AccessionNumber, "");
        ds.AddOrUpdate(DicomTag.StudyDescription, study.Description);
        ds.AddOrUpdate(DicomTag.PatientWeight, DicomVR.DS, DicomValues.Decimal(patient.WeightKg));
        ds.AddOrUpdate(DicomTag.PatientSize, DicomVR.DS, DicomValues.Decimal(patient.HeightM));

        ds.AddOrUpdate(DicomTag.Modality, modality);
        ds.AddOrUpdate(DicomTag.SeriesInstanceUID, context.SeriesUid(seriesKey));
        ds.AddOrUpdate(DicomTag.SeriesNumber, DicomVR.IS, DicomValues.Integer(seriesNumber));
        ds.AddOrUpdate(DicomTag.SeriesDate, DicomValues.Date(seriesTime));
        ds.AddOrUpdate(DicomTag.SeriesTime, DicomValues.Time(seriesTime));
        ds.AddOrUpdate(DicomTag.SeriesDescription, seriesDescription);
        ds.AddOrUpdate(DicomTag.Laterality, "");
        ds.AddOrUpdate(DicomTag.InstanceNumber, DicomVR.IS, DicomValues.Integer(instanceIndex));

        ds.AddOrUpdate(DicomTag.Manufacturer, Manufacturer);
        ds.AddOrUpdate(DicomTag.ManufacturerModelName, ModelName);
        ds.AddOrUpdate(DicomTag.SoftwareVersions, SoftwareVersion);
        return ds;
    }

    public static void AddFrameOfReference(DicomDataset ds, string frameOfReferenceUid)
    {
        ds.AddOrUpdate(DicomTag.FrameOfReferenceUID, frameOfReferenceUid);
        ds.AddOrUpdate(DicomTag.PositionReferenceIndicator, "");
    }

    /// <summary>A code sequence item (PS3.3 Table 8.8-1).</summary>
    public static DicomDataset Code(PhantomCode code)
    {
        var item = new DicomDataset();
        item.AddOrUpdate(DicomTag.CodeValue, code.Value);
        item.AddOrUpdate(DicomTag.CodingSchemeDesignator, code.Scheme);
        item.AddOrUpdate(DicomTag.CodeMeaning, code.Meaning);
        return item;
    }

    public static DicomDataset Reference(string sopClassUid, string sopInstanceUid)
    {
        var item = new DicomDataset();
        item.AddOrUpdate(DicomTag.ReferencedSOPClassUID, sopClassUid);
        item.AddOrUpdate(DicomTag.ReferencedSOPInstanceUID, sopInstanceUid);
        return item;
    }

    /// <summary>Writes a Part 10 file (creating its folder) and returns its path relative to the output folder.</summary>
    public static string Save(StudyContext context, DicomDataset ds, string seriesFolder, int index, PhantomTransferSyntax syntax)
    {
        var relative = StudyContext.RelativePath(context.Study.Key, seriesFolder, index);
        var path = Path.Combine(context.OutputFolder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var ts = syntax switch
        {
            PhantomTransferSyntax.ImplicitVRLittleEndian => DicomTransferSyntax.ImplicitVRLittleEndian,
            PhantomTransferSyntax.ExplicitVRBigEndian => DicomTransferSyntax.ExplicitVRBigEndian,
            _ => DicomTransferSyntax.ExplicitVRLittleEndian,
        };
        var meta = DicomFile.CreateFileMetaInformation(ds.GetString(DicomTag.SOPClassUID)!, ds.GetString(DicomTag.SOPInstanceUID)!, ts);
        new DicomFile(meta, ds).Save(path);
        return relative;
    }
}
