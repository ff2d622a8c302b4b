namespace ImagingPipeline.Dicom;

/// <summary>Encoding facts per VR (PS3.5 6.2 and 7.1.2).</summary>
internal static class DicomVRInfo
{
    /// <summary>VRs with a 2-byte reserved field and a 32-bit length in explicit VR (PS3.5 7.1.2).</summary>
    public static bool HasLongLength(DicomVR vr) => vr is DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL
        or DicomVR.OV or DicomVR.OW or DicomVR.SQ or DicomVR.UC or DicomVR.UN or DicomVR.UR or DicomVR.UT
        or DicomVR.SV or DicomVR.UV;

    /// <summary>Binary bulk VRs whose values a reader may leave on disk.</summary>
    public static bool IsBulk(DicomVR vr) => vr is DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL
        or DicomVR.OV or DicomVR.OW or DicomVR.UN;

    /// <summary>Character-string VRs (padded with space).</summary>
    public static bool IsString(DicomVR vr) => vr is DicomVR.AE or DicomVR.AS or DicomVR.CS or DicomVR.DA
        or DicomVR.DS or DicomVR.DT or DicomVR.IS or DicomVR.LO or DicomVR.LT or DicomVR.PN or DicomVR.SH
        or DicomVR.ST or DicomVR.TM or DicomVR.UC or DicomVR.UI or DicomVR.UR or DicomVR.UT;

    /// <summary>VRs whose text uses the Specific Character Set (PS3.5 6.1.2.3).</summary>
    public static bool UsesCharacterSet(DicomVR vr) => vr is DicomVR.LO or DicomVR.LT or DicomVR.PN
        or DicomVR.SH or DicomVR.ST or DicomVR.UC or DicomVR.UT;

    /// <summary>VRs with several values separated by backslash.</summary>
    public static bool IsMultiValued(DicomVR vr) => IsString(vr) && vr is not (DicomVR.LT or DicomVR.ST
        or DicomVR.UT or DicomVR.UR);

    /// <summary>Size of one binary value for byte swapping, 0 when the VR is not swapped.</summary>
    public static int SwapSize(DicomVR vr) => vr switch
    {
        DicomVR.US or DicomVR.SS or DicomVR.OW or DicomVR.AT => 2,
        DicomVR.UL or DicomVR.SL or DicomVR.FL or DicomVR.OF or DicomVR.OL => 4,
        DicomVR.FD or DicomVR.OD or DicomVR.SV or DicomVR.UV or DicomVR.OV => 8,
        _ => 0,
    };

    /// <summary>The swap unit of an element in its data set: pixel data in OW/OF/OD is swapped per
    /// sample of Bits Allocated (a 32-bit sample is one 32-bit number in either byte order, PS3.5 A.2),
    /// every other value per its VR.</summary>
    public static int SwapSize(DicomDataset dataset, DicomTag tag, DicomVR vr)
    {
        if (tag == DicomTag.PixelData && vr == DicomVR.OW && dataset.TryGetInt32(DicomTag.BitsAllocated, out var bits) && bits is 32 or 64)
        {
            return bits / 8;
        }

        return SwapSize(vr);
    }

    public static byte PaddingByte(DicomVR vr) => vr == DicomVR.UI || !IsString(vr) ? (byte)0 : (byte)' ';

    /// <summary>The two characters of a VR as bytes.</summary>
    public static (byte, byte) Name(DicomVR vr)
    {
        var name = Names[(int)vr];
        return ((byte)name[0], (byte)name[1]);
    }

    /// <summary>The two-letter VR name ("NONE" for items and delimiters).</summary>
    public static string Text(DicomVR vr) => Names[(int)vr];

    private static readonly string[] Names = Enum.GetNames<DicomVR>();

    public static bool TryParse(byte a, byte b, out DicomVR vr)
    {
        vr = (a, b) switch
        {
            ((byte)'A', (byte)'E') => DicomVR.AE, ((byte)'A', (byte)'S') => DicomVR.AS, ((byte)'A', (byte)'T') => DicomVR.AT,
            ((byte)'C', (byte)'S') => DicomVR.CS, ((byte)'D', (byte)'A') => DicomVR.DA, ((byte)'D', (byte)'S') => DicomVR.DS,
            ((byte)'D', (byte)'T') => DicomVR.DT, ((byte)'F', (byte)'D') => DicomVR.FD, ((byte)'F', (byte)'L') => DicomVR.FL,
            ((byte)'I', (byte)'S') => DicomVR.IS, ((byte)'L', (byte)'O') => DicomVR.LO, ((byte)'L', (byte)'T') => DicomVR.LT,
            ((byte)'O', (byte)'B') => DicomVR.OB, ((byte)'O', (byte)'D') => DicomVR.OD, ((byte)'O', (byte)'F') => DicomVR.OF,
            ((byte)'O', (byte)'L') => DicomVR.OL, ((byte)'O', (byte)'V') => DicomVR.OV, ((byte)'O', (byte)'W') => DicomVR.OW,
            ((byte)'P', (byte)'N') => DicomVR.PN, ((byte)'S', (byte)'H') => DicomVR.SH, ((byte)'S', (byte)'L') => DicomVR.SL,
            ((byte)'S', (byte)'Q') => DicomVR.SQ, ((byte)'S', (byte)'S') => DicomVR.SS, ((byte)'S', (byte)'T') => DicomVR.ST,
            ((byte)'S', (byte)'V') => DicomVR.SV, ((byte)'T', (byte)'M') => DicomVR.TM, ((byte)'U', (byte)'C') => DicomVR.UC,
            ((byte)'U', (byte)'I') => DicomVR.UI, ((byte)'U', (byte)'L') => DicomVR.UL, ((byte)'U', (byte)'N') => DicomVR.UN,
            ((byte)'U', (byte)'R') => DicomVR.UR, ((byte)'U', (byte)'S') => DicomVR.US, ((byte)'U', (byte)'T') => DicomVR.UT,
            ((byte)'U', (byte)'V') => DicomVR.UV,
            _ => DicomVR.NONE,
        };
        return vr != DicomVR.NONE;
    }
}
