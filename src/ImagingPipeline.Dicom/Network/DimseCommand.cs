namespace ImagingPipeline.Dicom.Network;

/// <summary>Command Field (0000,0100) values used here (PS3.7 E.1-1); a response is the request | 0x8000.</summary>
internal enum DimseCommand : ushort
{
    CStoreRequest = 0x0001,
    CStoreResponse = 0x8001,
    CEchoRequest = 0x0030,
    CEchoResponse = 0x8030,
    NEventReportRequest = 0x0100,
    NEventReportResponse = 0x8100,
    NActionRequest = 0x0130,
    NActionResponse = 0x8130,
}
