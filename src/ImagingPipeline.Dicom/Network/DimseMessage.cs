namespace ImagingPipeline.Dicom.Network;

/// <summary>A DIMSE message received by the SCU: its presentation context, command set and data set (if any).</summary>
internal sealed record DimseMessage(byte ContextId, CommandSet Command, byte[]? DataSet);
