namespace ImagingPipeline.Dicom.Network;

/// <summary>The outcome of sending one file: the DIMSE status from the SCP, or a local error when it was never sent.</summary>
public sealed record DicomSendResult(string Path, string? SopInstanceUid, ushort? Status, string? Error)
{
    /// <summary>Success (0x0000) or a warning (0x0001, 0xBxxx) per PS3.4 B.2.3.</summary>
    public bool Succeeded => Status is 0x0000 or 0x0001 or (>= 0xB000 and <= 0xBFFF);

    /// <summary>The transfer syntax the data set went out in (differs from the file's when it was converted).</summary>
    public string? SentTransferSyntaxUid { get; init; }

    /// <summary>The transfer syntax of the file as read (its file meta).</summary>
    public string? FileTransferSyntaxUid { get; init; }
}
