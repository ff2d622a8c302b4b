namespace ImagingPipeline.Dicom;

/// <summary>A PS3.6 UID registry row.</summary>
public sealed record DicomUidInfo(string Uid, string Name, string Type, string Keyword, bool IsRetired);
