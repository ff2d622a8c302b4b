using ImagingPipeline.Dicom;

namespace ImagingPipeline.Extraction.Binding;

/// <summary>Who and what an instance is: patient, study, series, SOP and frame of reference.</summary>
internal sealed record InstanceIdentity
{
    /// <summary>The file path, or a name for a data set passed in memory.</summary>
    public required string Source { get; init; }

    public required string SopClassUid { get; init; }

    public required string SopInstanceUid { get; init; }

    public string? Modality { get; init; }

    public required string PatientId { get; init; }

    public string? IssuerOfPatientId { get; init; }

    public DateOnly? PatientBirthDate { get; init; }

    public string? PatientSex { get; init; }

    public required string StudyInstanceUid { get; init; }

    /// <summary>StudyDate + StudyTime (0008,0020/0030); null when the date is absent.</summary>
    public DateTime? StudyDateTime { get; init; }

    public required string SeriesInstanceUid { get; init; }

    /// <summary>SeriesDate + SeriesTime (0008,0021/0031).</summary>
    public DateTime? SeriesDateTime { get; init; }

    public string? FrameOfReferenceUid { get; init; }

    /// <summary>Reads the identity, or null when the data set lacks a SOP Instance UID (not a DICOM instance).</summary>
    public static InstanceIdentity? Read(DicomDataset ds, string source)
    {
        ArgumentNullException.ThrowIfNull(ds);
        var sop = DatasetValues.Text(ds, DicomTag.SOPInstanceUID);
        var sopClass = DatasetValues.Text(ds, DicomTag.SOPClassUID);
        if (sop is null || sopClass is null)
        {
            return null;
        }

        return new InstanceIdentity
        {
            Source = source,
            SopClassUid = sopClass,
            SopInstanceUid = sop,
            Modality = DatasetValues.Text(ds, DicomTag.Modality)?.ToUpperInvariant(),
            PatientId = DatasetValues.Text(ds, DicomTag.PatientID) ?? "",
            IssuerOfPatientId = DatasetValues.Text(ds, DicomTag.IssuerOfPatientID),
            PatientBirthDate = DatasetValues.Date(ds, DicomTag.PatientBirthDate),
            PatientSex = DatasetValues.Text(ds, DicomTag.PatientSex)?.ToUpperInvariant(),
            StudyInstanceUid = DatasetValues.Text(ds, DicomTag.StudyInstanceUID) ?? "",
            StudyDateTime = DatasetValues.DateTimeOf(ds, DicomTag.StudyDate, DicomTag.StudyTime),
            SeriesInstanceUid = DatasetValues.Text(ds, DicomTag.SeriesInstanceUID) ?? "",
            SeriesDateTime = DatasetValues.DateTimeOf(ds, DicomTag.SeriesDate, DicomTag.SeriesTime),
            FrameOfReferenceUid = DatasetValues.Text(ds, DicomTag.FrameOfReferenceUID),
        };
    }
}
