namespace ImagingPipeline.Dicom;

/// <summary>Value representations, PS3.5 6.2. NONE marks items and delimiters.</summary>
#pragma warning disable CA1707, CA1720 // the standard's two-letter codes
public enum DicomVR : byte
{
    NONE,
    AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST, SV, TM, UC,
    UI, UL, UN, UR, US, UT, UV,
}
#pragma warning restore CA1707, CA1720
