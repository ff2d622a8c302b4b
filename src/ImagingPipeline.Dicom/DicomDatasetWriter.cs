using System.Buffers;
using System.Buffers.Binary;
using ImagingPipeline.Dicom.IO;

namespace ImagingPipeline.Dicom;

/// <summary>
/// Encodes a data set in a transfer syntax (PS3.5 7). Sequences and items are written with undefined
/// length and delimiters (PS3.5 7.5.2), encapsulated pixel data as received, odd values padded (PS3.5
/// 7.1.1), group lengths present in the data set recomputed for the target encoding (PS3.5 7.2), and
/// binary values swapped for big endian (native pixel data per sample of Bits Allocated, as OW, PS3.5 A.2).
/// </summary>
public static class DicomDatasetWriter
{
    private const uint UndefinedLength = 0xFFFFFFFF;

    /// <summary>Writes the data set (group 0002 elements are skipped: they belong to the file meta).
    /// A deflated syntax is written uncompressed here; <see cref="DicomFile.Save(Stream)"/> deflates.</summary>
    public static void Write(Stream stream, DicomDataset dataset, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        WriteElements(stream, dataset, WireFormat.Of(syntax), skipGroup2: true);
    }

    /// <summary>Encodes to a byte array.</summary>
    public static byte[] Write(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        using var memory = new MemoryStream();
        Write(memory, dataset, syntax);
        return memory.ToArray();
    }

    internal static void WriteElements(Stream stream, DicomDataset dataset, WireFormat format, bool skipGroup2)
    {
        for (var i = 0; i < dataset.Count; i++)
        {
            var tag = new DicomTag(dataset.SlotAt(i).Tag);
            if (skipGroup2 && tag.Group == 0x0002)
            {
                continue;
            }

            if (tag.Element == 0x0000 && tag.Group != 0x0002)
            {
                WriteGroupLength(stream, dataset, i, format);
                continue;
            }

            WriteElement(stream, dataset, i, format);
        }
    }

    private static void WriteElement(Stream stream, DicomDataset dataset, int index, WireFormat format)
    {
        ref readonly var slot = ref dataset.SlotAt(index);
        var tag = new DicomTag(slot.Tag);
        switch (slot.Element)
        {
            case DicomSequence sq:
                WriteHeader(stream, tag, DicomVR.SQ, UndefinedLength, format);
                foreach (var item in sq.Items)
                {
                    WriteTagLength(stream, DicomTag.ItemTag, UndefinedLength, format.Little);
                    WriteElements(stream, item, format, skipGroup2: false);
                    WriteTagLength(stream, DicomTag.ItemDelimitationTag, 0, format.Little);
                }

                WriteTagLength(stream, DicomTag.SequenceDelimitationTag, 0, format.Little);
                return;
            case DicomFragmentSequence fragments:
                WriteHeader(stream, tag, fragments.VR == DicomVR.UN ? DicomVR.OB : fragments.VR, UndefinedLength, format);
                WriteItem(stream, fragments.OffsetTable.Span, format.Little);
                foreach (var fragment in fragments.Fragments)
                {
                    WriteItem(stream, fragment.Span, format.Little);
                }

                WriteTagLength(stream, DicomTag.SequenceDelimitationTag, 0, format.Little);
                return;
        }

        var data = dataset.ValueSpan(index);
        var (vr, swap) = EncodedVR(dataset, tag, slot.VR, data.Length, format);
        var padded = (data.Length & 1) == 1;
        WriteHeader(stream, tag, vr, (uint)(data.Length + (padded ? 1 : 0)), format);
        if (swap > 1)
        {
            WriteSwapped(stream, data, swap);
        }
        else
        {
            stream.Write(data);
        }

        if (padded)
        {
            stream.WriteByte(DicomVRInfo.PaddingByte(slot.VR));
        }
    }

    /// <summary>The VR to write and the swap unit: a value too long for a 16-bit length goes as UN
    /// (PS3.5 6.2.2); native pixel data of more than 8 bits goes as OW in big endian (PS3.5 A.2).</summary>
    private static (DicomVR VR, int Swap) EncodedVR(DicomDataset dataset, DicomTag tag, DicomVR vr, int length, WireFormat format)
    {
        if (format.Explicit && !DicomVRInfo.HasLongLength(vr) && length + (length & 1) > 0xFFFF)
        {
            vr = DicomVR.UN;
        }

        if (format.Little)
        {
            return (vr, 1);
        }

        if (tag == DicomTag.PixelData && vr == DicomVR.OB && dataset.TryGetInt32(DicomTag.BitsAllocated, out var bits) && bits > 8)
        {
            vr = DicomVR.OW;
        }

        return (vr, DicomVRInfo.SwapSize(dataset, tag, vr));
    }

    private static void WriteSwapped(Stream stream, ReadOnlySpan<byte> data, int unit)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(data.Length, 64 * 1024) / unit * unit + unit);
        try
        {
            var chunk = buffer.Length / unit * unit;
            for (var offset = 0; offset < data.Length; offset += chunk)
            {
                var part = data.Slice(offset, Math.Min(chunk, data.Length - offset));
                var target = buffer.AsSpan(0, part.Length);
                part.CopyTo(target);
                DicomSource.Swap(target, unit);
                stream.Write(target);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A group length element (gggg,0000) with the encoded length of the rest of its group.</summary>
    private static void WriteGroupLength(Stream stream, DicomDataset dataset, int index, WireFormat format)
    {
        var group = (ushort)(dataset.SlotAt(index).Tag >> 16);
        long length = 0;
        for (var i = index + 1; i < dataset.Count && dataset.SlotAt(i).Tag >> 16 == group; i++)
        {
            length += EncodedLength(dataset, i, format);
        }

        WriteHeader(stream, new DicomTag(group, 0), DicomVR.UL, 4, format);
        Span<byte> value = stackalloc byte[4];
        WriteUInt32(value, (uint)Math.Min(length, uint.MaxValue), format.Little);
        stream.Write(value);
    }

    /// <summary>Bytes <see cref="WriteElement"/> writes for the element at <paramref name="index"/>.</summary>
    internal static long EncodedLength(DicomDataset dataset, int index, WireFormat format)
    {
        ref readonly var slot = ref dataset.SlotAt(index);
        var tag = new DicomTag(slot.Tag);
        switch (slot.Element)
        {
            case DicomSequence sq:
                long items = 0;
                foreach (var item in sq.Items)
                {
                    items += 16;
                    for (var i = 0; i < item.Count; i++)
                    {
                        items += EncodedLength(item, i, format);
                    }
                }

                return HeaderLength(DicomVR.SQ, format) + items + 8;
            case DicomFragmentSequence fragments:
                return HeaderLength(fragments.VR, format) + fragments.Length;
        }

        var length = slot.Element?.Length ?? slot.Length;
        var (vr, _) = EncodedVR(dataset, tag, slot.VR, (int)Math.Min(length, int.MaxValue), format);
        return HeaderLength(vr, format) + length + (length & 1);
    }

    private static int HeaderLength(DicomVR vr, WireFormat format) =>
        !format.Explicit ? 8 : DicomVRInfo.HasLongLength(vr) || vr == DicomVR.NONE ? 12 : 8;

    private static void WriteItem(Stream stream, ReadOnlySpan<byte> value, bool little)
    {
        // Fragments have even length (PS3.5 A.4); an odd one read from a damaged file is padded.
        var padded = (value.Length & 1) == 1;
        WriteTagLength(stream, DicomTag.ItemTag, (uint)(value.Length + (padded ? 1 : 0)), little);
        stream.Write(value);
        if (padded)
        {
            stream.WriteByte(0);
        }
    }

    private static void WriteHeader(Stream stream, DicomTag tag, DicomVR vr, uint length, WireFormat format)
    {
        if (!format.Explicit)
        {
            WriteTagLength(stream, tag, length, format.Little);
            return;
        }

        Span<byte> header = stackalloc byte[12];
        WriteUInt16(header, tag.Group, format.Little);
        WriteUInt16(header[2..], tag.Element, format.Little);
        var name = DicomVRInfo.Name(vr == DicomVR.NONE ? DicomVR.UN : vr);
        header[4] = name.Item1;
        header[5] = name.Item2;
        if (DicomVRInfo.HasLongLength(vr) || vr == DicomVR.NONE)
        {
            header[6] = 0;
            header[7] = 0;
            WriteUInt32(header[8..], length, format.Little);
            stream.Write(header);
        }
        else
        {
            WriteUInt16(header[6..], (ushort)length, format.Little);
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
