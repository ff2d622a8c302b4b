using System.Buffers.Binary;

namespace ImagingPipeline.Dicom;

/// <summary>Encodes a data set in a transfer syntax (PS3.5 7). Sequences and items are written
/// with undefined length and delimiters (PS3.5 7.5.2); encapsulated pixel data as received.</summary>
public static class DicomDatasetWriter
{
    private const uint UndefinedLength = 0xFFFFFFFF;

    /// <summary>Writes the data set (group 2 elements are skipped: they belong to the file meta).</summary>
    public static void Write(Stream stream, DicomDataset dataset, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        WriteElements(stream, dataset, syntax.IsExplicitVR, syntax.IsLittleEndian, skipGroup2: true);
    }

    /// <summary>Encodes to a byte array.</summary>
    public static byte[] Write(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        using var memory = new MemoryStream();
        Write(memory, dataset, syntax);
        return memory.ToArray();
    }

    internal static void WriteElements(Stream stream, DicomDataset dataset, bool isExplicit, bool little, bool skipGroup2)
    {
        foreach (var element in dataset)
        {
            if (skipGroup2 && element.Tag.Group == 0x0002)
            {
                continue;
            }

            WriteElement(stream, dataset, element, isExplicit, little);
        }
    }

    private static void WriteElement(Stream stream, DicomDataset dataset, DicomElement element, bool isExplicit, bool little)
    {
        switch (element)
        {
            case DicomSequence sq:
                WriteHeader(stream, sq.Tag, DicomVR.SQ, UndefinedLength, isExplicit, little);
                foreach (var item in sq.Items)
                {
                    WriteTagLength(stream, DicomTag.ItemTag, UndefinedLength, little);
                    WriteElements(stream, item, isExplicit, little, skipGroup2: false);
                    WriteTagLength(stream, DicomTag.ItemDelimitationTag, 0, little);
                }

                WriteTagLength(stream, DicomTag.SequenceDelimitationTag, 0, little);
                break;
            case DicomFragmentSequence fragments:
                WriteHeader(stream, fragments.Tag, fragments.VR, UndefinedLength, isExplicit, little);
                WriteTagLength(stream, DicomTag.ItemTag, (uint)fragments.OffsetTable.Length, little);
                stream.Write(fragments.OffsetTable.Span);
                foreach (var fragment in fragments.Fragments)
                {
                    WriteTagLength(stream, DicomTag.ItemTag, (uint)fragment.Length, little);
                    stream.Write(fragment.Span);
                }

                WriteTagLength(stream, DicomTag.SequenceDelimitationTag, 0, little);
                break;
            default:
                var data = element.Data.Span;
                var padded = (data.Length & 1) == 1;
                var vr = element.VR;
                if (isExplicit && !DicomVRInfo.HasLongLength(vr) && data.Length + (padded ? 1 : 0) > 0xFFFF)
                {
                    vr = DicomVR.UN; // PS3.5 6.2.2 note: a value too long for a 16-bit length
                }

                WriteHeader(stream, element.Tag, vr, (uint)(data.Length + (padded ? 1 : 0)), isExplicit, little);
                var size = DicomVRInfo.SwapSize(dataset, element.Tag, element.VR);
                stream.Write(!little && size > 1 ? DicomDatasetReader.Swap(data, size) : data);
                if (padded)
                {
                    stream.WriteByte(DicomVRInfo.PaddingByte(element.VR));
                }

                break;
        }
    }

    private static void WriteHeader(Stream stream, DicomTag tag, DicomVR vr, uint length, bool isExplicit, bool little)
    {
        if (!isExplicit)
        {
            WriteTagLength(stream, tag, length, little);
            return;
        }

        Span<byte> header = stackalloc byte[12];
        WriteUInt16(header, tag.Group, little);
        WriteUInt16(header[2..], tag.Element, little);
        var name = vr == DicomVR.NONE ? "UN" : vr.ToString();
        header[4] = (byte)name[0];
        header[5] = (byte)name[1];
        if (DicomVRInfo.HasLongLength(vr) || vr == DicomVR.NONE)
        {
            header[6] = 0;
            header[7] = 0;
            WriteUInt32(header[8..], length, little);
            stream.Write(header);
        }
        else
        {
            WriteUInt16(header[6..], (ushort)length, little);
            stream.Write(header[..8]);
        }
    }

    private static void WriteTagLength(Stream stream, DicomTag tag, uint length, bool little)
    {
        Span<byte> header = stackalloc byte[8];
        WriteUInt16(header, tag.Group, little);
        WriteUInt16(header[2..], tag.Element, little);
        WriteUInt32(header[4..], length, little);
        stream.Write(header);
    }

    private static void WriteUInt16(Span<byte> span, ushort value, bool little)
    {
        if (little)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(span, value);
        }
    }

    private static void WriteUInt32(Span<byte> span, uint value, bool little)
    {
        if (little)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(span, value);
        }
    }
}
