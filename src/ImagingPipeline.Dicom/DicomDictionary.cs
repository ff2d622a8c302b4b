using System.Collections.Frozen;

namespace ImagingPipeline.Dicom;

/// <summary>The PS3.6 data dictionary, generated from the standard's tables.</summary>
public static partial class DicomDictionary
{
    private static readonly Lazy<FrozenDictionary<uint, DicomDictionaryEntry>> ByTag = new(() =>
        CreateEntries().GroupBy(e => e.Tag).ToFrozenDictionary(g => g.Key, g => g.First()));

    private static readonly Lazy<FrozenDictionary<string, DicomDictionaryEntry>> ByKeyword = new(() =>
        CreateEntries().Concat(CreateRepeaters()).Where(e => e.Keyword.Length > 0)
            .GroupBy(e => e.Keyword, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal));

    private static readonly Lazy<DicomDictionaryEntry[]> Repeaters = new(CreateRepeaters);

    private static readonly DicomDictionaryEntry GroupLength = new(0, 0x0000FFFF, [DicomVR.UL], "1", "Group Length", "GroupLength", false);

    private static readonly DicomDictionaryEntry PrivateCreator = new(0x00010010, 0x0001FF00, [DicomVR.LO], "1", "Private Creator", "PrivateCreator", false);

    /// <summary>The entry for a tag (exact, repeating group, group length or private creator), or null.</summary>
    public static DicomDictionaryEntry? Lookup(DicomTag tag)
    {
        if (ByTag.Value.TryGetValue(tag.Value, out var entry))
        {
            return entry;
        }

        if (tag.Element == 0)
        {
            return GroupLength;
        }

        if (tag.IsPrivate)
        {
            return tag.Element is >= 0x0010 and <= 0x00FF ? PrivateCreator : null;
        }

        foreach (var repeater in Repeaters.Value)
        {
            if ((tag.Value & repeater.Mask) == repeater.Tag)
            {
                return repeater;
            }
        }

        return null;
    }

    /// <summary>The tag for a PS3.6 keyword.</summary>
    public static bool TryGetTag(string keyword, out DicomTag tag)
    {
        if (ByKeyword.Value.TryGetValue(keyword, out var entry))
        {
            tag = new DicomTag(entry.Tag);
            return true;
        }

        tag = default;
        return false;
    }

    /// <summary>The VR to assume in implicit VR encoding: the dictionary's first VR, UN when unknown.</summary>
    internal static DicomVR ImplicitVR(DicomTag tag)
    {
        var entry = Lookup(tag);
        if (entry is null || entry.VR == DicomVR.NONE)
        {
            return DicomVR.UN;
        }

        // PS3.5 A.1: in implicit VR, OB-or-OW pixel data and friends are OW; "US or SS" as US.
        if (entry.ValueRepresentations.Length > 1 && entry.ValueRepresentations.Contains(DicomVR.OW))
        {
            return DicomVR.OW;
        }

        return entry.VR;
    }
}
