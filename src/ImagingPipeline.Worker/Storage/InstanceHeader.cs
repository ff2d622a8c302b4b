namespace ImagingPipeline.Worker.Storage;

/// <summary>The attributes of one received instance that the index keeps (read before pixel data).</summary>
internal sealed record InstanceHeader
{
    public required string SopClassUid { get; init; }
    public required string SopInstanceUid { get; init; }
    public required string StudyInstanceUid { get; init; }
    public required string SeriesInstanceUid { get; init; }
    public required string TransferSyntaxUid { get; init; }
    public string? PatientId { get; init; }
    public string? PatientName { get; init; }
    public string? PatientBirthDate { get; init; }
    public string? PatientSex { get; init; }
    public string? StudyDate { get; init; }
    public string? StudyTime { get; init; }
    public string? AccessionNumber { get; init; }
    public string? StudyDescription { get; init; }
    public string? Modality { get; init; }
    public string? SeriesNumber { get; init; }
    public string? SeriesDescription { get; init; }
    public string? FrameOfReferenceUid { get; init; }
    public string? InstanceNumber { get; init; }

    /// <summary>(0054,0081) Number of Slices of a PET image series.</summary>
    public int? NumberOfSlices { get; init; }

    /// <summary>SOP Instance UIDs of images an RT structure set references (contour image sequence).</summary>
    public IReadOnlyList<string> ReferencedSopInstanceUids { get; init; } = [];
}
