namespace ImagingPipeline.Dicom.Network;

/// <summary>An SOP instance by class and instance UID: an item of the Referenced SOP Sequence (PS3.4 J.3.2.1.1).</summary>
public readonly record struct DicomSopReference(string SopClassUid, string SopInstanceUid);
