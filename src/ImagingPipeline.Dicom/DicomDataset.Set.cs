using System.Buffers.Binary;
using System.Globalization;

namespace ImagingPipeline.Dicom;

/// <summary>Writers: values encoded per VR (PS3.5 6.2), padded to even length.</summary>
public sealed partial class DicomDataset
{
    /// <summary>Text values with the VR from the dictionary (UN → LO for unknown tags).</summary>
    public DicomDataset AddOrUpdate(DicomTag tag, params string[] values)
    {
        var vr = DicomDictionary.Lookup(tag)?.VR ?? DicomVR.LO;
        return AddOrUpdate(tag, vr is DicomVR.NONE or DicomVR.UN ? DicomVR.LO : vr, values);
    }

    public DicomDataset AddOrUpdate(DicomTag tag, DicomVR vr, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (vr == DicomVR.SQ)
        {
            throw new DicomDataException($"{tag}: use the sequence overload for SQ");
        }

        if (!DicomVRInfo.IsString(vr))
        {
            var numbers = values.Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
            return AddOrUpdate(tag, vr, numbers);
        }

        var text = string.Join('\\', values);
        if (DicomVRInfo.UsesCharacterSet(vr) && tag != DicomTag.SpecificCharacterSet)
        {
            Set(new PendingTextElement(tag, vr, text, this));
            return this;
        }

        var bytes = EncodeDefaultRepertoire(tag, text);
        Set(new DicomElement(tag, vr, Pad(bytes, DicomVRInfo.PaddingByte(vr))));
        return this;
    }

    public DicomDataset AddOrUpdate(DicomTag tag, DicomVR vr, params double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        byte[] bytes;
        switch (vr)
        {
            case DicomVR.DS:
                return AddOrUpdate(tag, vr, values.Select(FormatDecimalString).ToArray());
            case DicomVR.IS:
                return AddOrUpdate(tag, vr, values.Select(v => ((long)v).ToString(CultureInfo.InvariantCulture)).ToArray());
            case DicomVR.FD or DicomVR.OD:
                bytes = new byte[values.Length * 8];
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
                }

                break;
            case DicomVR.FL or DicomVR.OF:
                bytes = new byte[values.Length * 4];
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), (float)values[i]);
                }

                break;
            case DicomVR.US or DicomVR.SS or DicomVR.UL or DicomVR.SL or DicomVR.OW or DicomVR.OL or DicomVR.SV or DicomVR.UV or DicomVR.OB or DicomVR.UN:
                return AddOrUpdateIntegers(tag, vr, values.Select(v => (long)v).ToArray());
            default:
                throw new DicomDataException($"{tag}: VR {vr} does not hold numbers");
        }

        Set(new DicomElement(tag, vr, bytes));
        return this;
    }

    public DicomDataset AddOrUpdate(DicomTag tag, DicomVR vr, params int[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return vr is DicomVR.DS or DicomVR.FD or DicomVR.FL or DicomVR.OD or DicomVR.OF
            ? AddOrUpdate(tag, vr, values.Select(v => (double)v).ToArray())
            : vr == DicomVR.IS ? AddOrUpdate(tag, vr, values.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray())
            : AddOrUpdateIntegers(tag, vr, values.Select(v => (long)v).ToArray());
    }

    public DicomDataset AddOrUpdate(DicomTag tag, DicomVR vr, params ushort[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return AddOrUpdate(tag, vr, values.Select(v => (int)v).ToArray());
    }

    /// <summary>Raw value bytes (little endian for binary VRs), same as <see cref="AddOrUpdateBytes"/>.</summary>
    public DicomDataset AddOrUpdate(DicomTag tag, DicomVR vr, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return AddOrUpdateBytes(tag, vr, bytes);
    }

    /// <summary>Raw value bytes, not copied (little endian for binary VRs; an odd length is padded,
    /// which copies). Unlike the numeric overloads, each byte is a byte of the encoded value.</summary>
    public DicomDataset AddOrUpdateBytes(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes)
    {
        if (vr is DicomVR.SQ or DicomVR.NONE)
        {
            throw new DicomDataException($"{tag}: VR {vr} has no byte value");
        }

        if ((bytes.Length & 1) == 1)
        {
            var padded = new byte[bytes.Length + 1];
            bytes.Span.CopyTo(padded);
            padded[^1] = DicomVRInfo.PaddingByte(vr);
            bytes = padded;
        }

        Set(new DicomElement(tag, vr, bytes));
        return this;
    }

    /// <summary>A sequence of items.</summary>
    public DicomDataset AddOrUpdate(DicomTag tag, IEnumerable<DicomDataset> items)
    {
        Set(new DicomSequence(tag, items.ToList()));
        return this;
    }

    /// <summary>Integers, one per value of the VR: 1 byte each for OB and UN, 2 for US/SS/OW, 4 for UL/SL/OL, 8 for SV/UV.</summary>
    private DicomDataset AddOrUpdateIntegers(DicomTag tag, DicomVR vr, long[] values)
    {
        if (vr is DicomVR.OB or DicomVR.UN)
        {
            var octets = new byte[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                octets[i] = values[i] is >= 0 and <= 255 ? (byte)values[i] : throw new DicomDataException($"{tag}: {values[i]} is not a byte for VR {vr}");
            }

            return AddOrUpdateBytes(tag, vr, octets);
        }

        var size = DicomVRInfo.SwapSize(vr);
        if (size == 0 || vr is DicomVR.FL or DicomVR.FD or DicomVR.OF or DicomVR.OD or DicomVR.AT)
        {
            throw new DicomDataException($"{tag}: VR {vr} does not hold integers");
        }

        var bytes = new byte[values.Length * size];
        for (var i = 0; i < values.Length; i++)
        {
            var span = bytes.AsSpan(i * size);
            switch (size)
            {
                case 2: BinaryPrimitives.WriteUInt16LittleEndian(span, unchecked((ushort)values[i])); break;
                case 4: BinaryPrimitives.WriteUInt32LittleEndian(span, unchecked((uint)values[i])); break;
                default: BinaryPrimitives.WriteInt64LittleEndian(span, values[i]); break;
            }
        }

        Set(new DicomElement(tag, vr, bytes));
        return this;
    }

    /// <summary>A DS value of at most 16 characters (PS3.5 6.2).</summary>
    private static string FormatDecimalString(double value)
    {
        var s = value.ToString("R", CultureInfo.InvariantCulture);
        for (var digits = 15; s.Length > 16 && digits > 0; digits--)
        {
            s = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        return s;
    }

    /// <summary>Text of VRs outside the Specific Character Set (PS3.5 6.1.2.3): the default repertoire, which
    /// is ASCII; characters beyond it cannot be written.</summary>
    private static byte[] EncodeDefaultRepertoire(DicomTag tag, string text)
    {
        if (!System.Text.Ascii.IsValid(text))
        {
            throw new DicomDataException($"{tag}: '{text}' has a character outside the default repertoire (ASCII), which this VR is limited to");
        }

        return System.Text.Encoding.ASCII.GetBytes(text);
    }

    private static byte[] Pad(byte[] bytes, byte padding)
    {
        if ((bytes.Length & 1) == 0)
        {
            return bytes;
        }

        var padded = new byte[bytes.Length + 1];
        bytes.CopyTo(padded, 0);
        padded[^1] = padding;
        return padded;
    }
}
