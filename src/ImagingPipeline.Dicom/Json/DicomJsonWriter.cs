using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ImagingPipeline.Dicom.IO;

namespace ImagingPipeline.Dicom.Json;

/// <summary>
/// The DICOM JSON model (PS3.18 F.2): one object per data set whose keys are tags as 8 upper-case hex
/// digits, each with "vr" and, when the value is not empty, "Value" (strings; numbers for IS, DS and
/// the binary numeric VRs; PN as Alphabetic/Ideographic/Phonetic objects; AT as hex strings; items as
/// objects) or "InlineBinary" (base64) for OB, OD, OF, OL, OV, OW, UN and pixel data.
/// </summary>
/// <remarks>
/// An IS or DS string that is not a number is written as a JSON string rather than dropped. DS text is
/// written as it is when it is a valid JSON number, so no digits are lost. Encapsulated pixel data's
/// InlineBinary holds its items as encoded (offset table, fragments, delimiter), little endian.
/// </remarks>
public static class DicomJsonWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = true,
    };

    /// <summary>The file meta and the data set as one JSON object.</summary>
    public static void Write(Stream stream, DicomFile file, bool includeBulkData = true)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var writer = new Utf8JsonWriter(stream, WriterOptions);
        writer.WriteStartObject();
        WriteMembers(writer, file.FileMetaInformation, includeBulkData);
        WriteMembers(writer, file.Dataset, includeBulkData);
        writer.WriteEndObject();
    }

    /// <summary>One data set as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, DicomDataset dataset, bool includeBulkData = true)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(dataset);
        writer.WriteStartObject();
        WriteMembers(writer, dataset, includeBulkData);
        writer.WriteEndObject();
    }

    private static void WriteMembers(Utf8JsonWriter writer, DicomDataset dataset, bool includeBulkData)
    {
        Span<char> key = stackalloc char[8];
        for (var i = 0; i < dataset.Count; i++)
        {
            ref readonly var slot = ref dataset.SlotAt(i);
            slot.Tag.TryFormat(key, out _, "X8", CultureInfo.InvariantCulture);
            writer.WritePropertyName(key);
            writer.WriteStartObject();
            writer.WriteString("vr"u8, DicomVRInfo.Text(slot.VR == DicomVR.NONE ? DicomVR.UN : slot.VR));
            WriteValue(writer, dataset, i, includeBulkData);
            writer.WriteEndObject();
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, DicomDataset dataset, int index, bool includeBulkData)
    {
        ref readonly var slot = ref dataset.SlotAt(index);
        switch (slot.Element)
        {
            case DicomSequence sq:
                if (sq.Items.Count > 0)
                {
                    writer.WriteStartArray("Value"u8);
                    foreach (var item in sq.Items)
                    {
                        Write(writer, item, includeBulkData);
                    }

                    writer.WriteEndArray();
                }

                return;
            case DicomFragmentSequence fragments:
                if (includeBulkData)
                {
                    writer.WriteBase64String("InlineBinary"u8, EncodeFragments(fragments));
                }

                return;
        }

        var vr = slot.VR;
        if (DicomVRInfo.IsBulk(vr) || slot.Tag is 0x7FE00008 or 0x7FE00009 or 0x7FE00010)
        {
            if (includeBulkData && (slot.Element?.Length ?? slot.Length) > 0)
            {
                writer.WriteBase64String("InlineBinary"u8, dataset.ValueSpan(index));
            }

            return;
        }

        var span = dataset.ValueSpan(index);
        if (vr is DicomVR.IS or DicomVR.DS)
        {
            WriteNumberStrings(writer, span);
        }
        else if (NumericValues.BinarySize(vr) > 1)
        {
            WriteBinaryNumbers(writer, span, vr);
        }
        else if (vr == DicomVR.AT)
        {
            WriteAttributeTags(writer, span);
        }
        else if (DicomVRInfo.IsString(vr))
        {
            WriteStrings(writer, dataset.DecodeText(span, vr), vr);
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string text, DicomVR vr)
    {
        var values = DicomVRInfo.IsMultiValued(vr) ? text.Split('\\') : [text];
        if (values.All(v => v.Length == 0))
        {
            return;
        }

        writer.WriteStartArray("Value"u8);
        foreach (var value in values)
        {
            if (vr == DicomVR.PN)
            {
                WritePersonName(writer, value);
            }
            else if (value.Length == 0)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(value);
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>PS3.18 F.2.2: a PN value as an object with one member per non-empty component group.</summary>
    private static void WritePersonName(Utf8JsonWriter writer, string value)
    {
        if (value.Length == 0)
        {
            writer.WriteNullValue();
            return;
        }

        var groups = value.Split('=');
        writer.WriteStartObject();
        ReadOnlySpan<string> names = ["Alphabetic", "Ideographic", "Phonetic"];
        for (var g = 0; g < Math.Min(groups.Length, names.Length); g++)
        {
            if (groups[g].Length > 0)
            {
                writer.WriteString(names[g], groups[g]);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteNumberStrings(Utf8JsonWriter writer, ReadOnlySpan<byte> span)
    {
        if (NumericValues.Count(span, DicomVR.DS) == 0)
        {
            return;
        }

        writer.WriteStartArray("Value"u8);
        var rest = span;
        while (true)
        {
            var end = rest.IndexOf((byte)'\\');
            var text = NumericValues.Trim(end < 0 ? rest : rest[..end]);
            if (text.IsEmpty)
            {
                writer.WriteNullValue();
            }
            else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                if (IsJsonNumber(text))
                {
                    writer.WriteRawValue(text, skipInputValidation: true);
                }
                else
                {
                    writer.WriteNumberValue(number);
                }
            }
            else
            {
                writer.WriteStringValue(System.Text.Encoding.Latin1.GetString(text));
            }

            if (end < 0)
            {
                break;
            }

            rest = rest[(end + 1)..];
        }

        writer.WriteEndArray();
    }

    private static void WriteBinaryNumbers(Utf8JsonWriter writer, ReadOnlySpan<byte> span, DicomVR vr)
    {
        var count = NumericValues.Count(span, vr);
        if (count == 0)
        {
            return;
        }

        writer.WriteStartArray("Value"u8);
        var size = NumericValues.BinarySize(vr);
        for (var i = 0; i < count; i++)
        {
            var value = span.Slice(i * size, size);
            switch (vr)
            {
                case DicomVR.SV:
                    writer.WriteNumberValue(BinaryPrimitives.ReadInt64LittleEndian(value));
                    break;
                case DicomVR.UV:
                    writer.WriteNumberValue(BinaryPrimitives.ReadUInt64LittleEndian(value));
                    break;
                default:
                    NumericValues.TryGet(span, vr, i, out var number);
                    if (double.IsFinite(number))
                    {
                        writer.WriteNumberValue(number);
                    }
                    else
                    {
                        writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
                    }

                    break;
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteAttributeTags(Utf8JsonWriter writer, ReadOnlySpan<byte> span)
    {
        if (span.Length < 4)
        {
            return;
        }

        writer.WriteStartArray("Value"u8);
        Span<char> hex = stackalloc char[8];
        for (var i = 0; i + 4 <= span.Length; i += 4)
        {
            var tag = ((uint)BinaryPrimitives.ReadUInt16LittleEndian(span[i..]) << 16) | BinaryPrimitives.ReadUInt16LittleEndian(span[(i + 2)..]);
            tag.TryFormat(hex, out _, "X8", CultureInfo.InvariantCulture);
            writer.WriteStringValue(hex);
        }

        writer.WriteEndArray();
    }

    /// <summary>RFC 8259 number grammar: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?</summary>
    private static bool IsJsonNumber(ReadOnlySpan<byte> text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        var digits = CountDigits(text, i);
        if (digits == 0 || (digits > 1 && text[i] == '0'))
        {
            return false;
        }

        i += digits;
        if (i < text.Length && text[i] == '.')
        {
            digits = CountDigits(text, i + 1);
            if (digits == 0)
            {
                return false;
            }

            i += 1 + digits;
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            if (i < text.Length && (text[i] == '+' || text[i] == '-'))
            {
                i++;
            }

            digits = CountDigits(text, i);
            if (digits == 0)
            {
                return false;
            }

            i += digits;
        }

        return i == text.Length;
    }

    private static int CountDigits(ReadOnlySpan<byte> text, int start)
    {
        var i = start;
        while (i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9')
        {
            i++;
        }

        return i - start;
    }

    private static byte[] EncodeFragments(DicomFragmentSequence fragments)
    {
        var output = new ArrayBufferWriter<byte>();
        Span<byte> header = stackalloc byte[8];
        WriteItem(output, header, fragments.OffsetTable.Span);
        foreach (var fragment in fragments.Fragments)
        {
            WriteItem(output, header, fragment.Span);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xE0DDFFFE);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], 0);
        output.Write(header);
        return output.WrittenSpan.ToArray();

        static void WriteItem(ArrayBufferWriter<byte> output, Span<byte> header, ReadOnlySpan<byte> value)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0xE000FFFE);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)value.Length);
            output.Write(header);
            output.Write(value);
        }
    }
}
