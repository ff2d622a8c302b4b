using System.Buffers.Binary;
using System.Globalization;

namespace ImagingPipeline.Dicom;

/// <summary>Numbers in element values without intermediate strings: IS and DS text (PS3.5 6.2, values
/// separated by backslash, spaces allowed around them) and the binary VRs (little endian as held).</summary>
internal static class NumericValues
{
    /// <summary>Bytes per binary value, 0 for text VRs and VRs without numbers.</summary>
    public static int BinarySize(DicomVR vr) => vr switch
    {
        DicomVR.OB or DicomVR.UN => 1,
        DicomVR.US or DicomVR.SS or DicomVR.OW => 2,
        DicomVR.UL or DicomVR.SL or DicomVR.FL or DicomVR.OF or DicomVR.OL => 4,
        DicomVR.FD or DicomVR.OD or DicomVR.SV or DicomVR.UV or DicomVR.OV => 8,
        _ => 0,
    };

    public static bool IsNumeric(DicomVR vr) => vr is DicomVR.IS or DicomVR.DS || BinarySize(vr) > 0;

    /// <summary>The number of values; for text, the number of backslash-separated values (an empty value counts).</summary>
    public static int Count(ReadOnlySpan<byte> value, DicomVR vr)
    {
        if (vr is DicomVR.IS or DicomVR.DS)
        {
            return IsBlank(value) ? 0 : value.Count((byte)'\\') + 1;
        }

        var size = BinarySize(vr);
        return size == 0 ? 0 : value.Length / size;
    }

    /// <summary>Value <paramref name="index"/> as a double; false when absent, empty or not a number.</summary>
    public static bool TryGet(ReadOnlySpan<byte> value, DicomVR vr, int index, out double result)
    {
        result = 0;
        if (index < 0)
        {
            return false;
        }

        if (vr is DicomVR.IS or DicomVR.DS)
        {
            return TryGetText(value, index, out result);
        }

        var size = BinarySize(vr);
        if (size == 0 || (long)(index + 1) * size > value.Length)
        {
            return false;
        }

        result = ReadBinary(value.Slice(index * size, size), vr);
        return true;
    }

    /// <summary>Every value, or null when the VR holds no numbers or a text value is not a number.</summary>
    public static double[]? GetAll(ReadOnlySpan<byte> value, DicomVR vr)
    {
        if (!IsNumeric(vr))
        {
            return null;
        }

        var count = Count(value, vr);
        var result = new double[count];
        if (vr is DicomVR.IS or DicomVR.DS)
        {
            // One pass over the text: value i starts after the i-th backslash.
            var rest = value;
            for (var i = 0; i < count; i++)
            {
                var end = rest.IndexOf((byte)'\\');
                var text = Trim(end < 0 ? rest : rest[..end]);
                if (text.IsEmpty || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]))
                {
                    return null;
                }

                rest = end < 0 ? [] : rest[(end + 1)..];
            }

            return result;
        }

        var size = BinarySize(vr);
        for (var i = 0; i < count; i++)
        {
            result[i] = ReadBinary(value.Slice(i * size, size), vr);
        }

        return result;
    }

    /// <summary>The i-th backslash-separated text value, spaces and NUL padding removed.</summary>
    public static ReadOnlySpan<byte> TextValue(ReadOnlySpan<byte> value, int index)
    {
        for (var i = 0; i < index; i++)
        {
            var next = value.IndexOf((byte)'\\');
            if (next < 0)
            {
                return [];
            }

            value = value[(next + 1)..];
        }

        var end = value.IndexOf((byte)'\\');
        return Trim(end < 0 ? value : value[..end]);
    }

    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value) => value.Trim(" \0"u8);

    private static bool IsBlank(ReadOnlySpan<byte> value) => Trim(value).IsEmpty;

    private static bool TryGetText(ReadOnlySpan<byte> value, int index, out double result)
    {
        var text = TextValue(value, index);
        result = 0;
        return !text.IsEmpty && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out result);
    }

    private static double ReadBinary(ReadOnlySpan<byte> bytes, DicomVR vr) => vr switch
    {
        DicomVR.OB or DicomVR.UN => bytes[0],
        DicomVR.US or DicomVR.OW => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
        DicomVR.SS => BinaryPrimitives.ReadInt16LittleEndian(bytes),
        DicomVR.UL or DicomVR.OL => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        DicomVR.SL => BinaryPrimitives.ReadInt32LittleEndian(bytes),
        DicomVR.FL or DicomVR.OF => BinaryPrimitives.ReadSingleLittleEndian(bytes),
        DicomVR.FD or DicomVR.OD => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
        DicomVR.SV => BinaryPrimitives.ReadInt64LittleEndian(bytes),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
    };
}
