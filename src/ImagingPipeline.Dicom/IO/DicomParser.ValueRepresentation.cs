using System.Buffers.Binary;

namespace ImagingPipeline.Dicom.IO;

/// <summary>VRs the encoding does not state: implicit VR (PS3.5 7.1.3 and Annex A.1), the dictionary
/// VRs that depend on other attributes, and explicit UN elements of known public tags (PS3.5 6.2.2).</summary>
internal sealed partial class DicomParser
{
    /// <summary>The VR of an implicit VR element: group lengths UL, private creators LO, other private and
    /// unknown tags UN, otherwise the dictionary's, with "X or Y" resolved from the data set.</summary>
    private DicomVR ImplicitVR(DicomTag tag, int depth)
    {
        if (tag.Element == 0)
        {
            return DicomVR.UL;
        }

        if (tag.IsPrivate)
        {
            return tag.Element is >= 0x0010 and <= 0x00FF ? DicomVR.LO : DicomVR.UN;
        }

        var entry = DicomDictionary.Lookup(tag);
        if (entry is null || entry.VR is DicomVR.NONE)
        {
            return DicomVR.UN;
        }

        return entry.ValueRepresentations.Length == 1 ? entry.VR : ResolveAmbiguous(tag, entry.ValueRepresentations, depth);
    }

    /// <summary>
    /// PS3.5 A.1 and PS3.3: pixel data, overlay data and waveform data are OW in implicit VR; "US or SS"
    /// follows Pixel Representation (here or in an enclosing data set: 1 is SS); LUT Data is US when
    /// the LUT Descriptor declares a single entry, otherwise OW.
    /// </summary>
    private DicomVR ResolveAmbiguous(DicomTag tag, DicomVR[] choices, int depth)
    {
        if (tag == DicomTag.LUTData)
        {
            return FindUInt16(DicomTag.LUTDescriptor.Value, depth) == 1 ? DicomVR.US : DicomVR.OW;
        }

        if (choices.Contains(DicomVR.OW))
        {
            return DicomVR.OW;
        }

        if (choices.Contains(DicomVR.US) && choices.Contains(DicomVR.SS))
        {
            return FindUInt16(DicomTag.PixelRepresentation.Value, depth) == 1 ? DicomVR.SS : DicomVR.US;
        }

        return choices[0];
    }

    /// <summary>An explicit UN element of a public tag the dictionary knows, or of a private creator, gets
    /// the known VR (PS3.5 6.2.2 allows a reader that knows the attribute to do so) when its length fits the VR.</summary>
    private DicomVR KnownVRForUN(DicomTag tag, int depth, uint length)
    {
        if (tag.IsPrivate && tag.Element is not (>= 0x0010 and <= 0x00FF))
        {
            return DicomVR.UN;
        }

        // Private creators are LO (PS3.5 7.8.1) and ImplicitVR says so.
        var vr = ImplicitVR(tag, depth);
        if (vr is DicomVR.UN || length >= 0xFFFF)
        {
            return DicomVR.UN;
        }

        var size = DicomVRInfo.SwapSize(vr);
        return size > 1 && length % (uint)size != 0 ? DicomVR.UN : vr;
    }

    /// <summary>The byte-swap unit of a big endian value: per VR, except pixel data in OW whose 32 and
    /// 64-bit samples are swapped whole (see <see cref="DicomVRInfo.SwapSize(DicomDataset, DicomTag, DicomVR)"/>).</summary>
    private int SwapUnit(DicomTag tag, DicomVR vr, int depth)
    {
        if (tag == DicomTag.PixelData && vr == DicomVR.OW && FindUInt16(DicomTag.BitsAllocated.Value, depth) is 32 or 64)
        {
            return FindUInt16(DicomTag.BitsAllocated.Value, depth) / 8;
        }

        return DicomVRInfo.SwapSize(vr);
    }

    /// <summary>A US value already parsed in the data set at <paramref name="depth"/> or an enclosing one; −1 when absent.</summary>
    private int FindUInt16(uint tag, int depth)
    {
        for (var level = depth; level >= 0 && level < _levels.Length; level--)
        {
            var slots = _levels[level];
            var i = slots.IndexOf(tag);
            if (i >= 0)
            {
                var value = _source.Captured(slots[i]);
                return value.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(value) : -1;
            }
        }

        return -1;
    }
}
