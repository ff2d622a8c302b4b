using System.Globalization;
using System.Text;
using ImagingPipeline.Dicom;

namespace ImagingPipeline.Cli.Commands;

/// <summary>A human-readable listing: one line per element with tag, VR, value and keyword; items indented.</summary>
internal static class DatasetText
{
    private const int MaxValueChars = 96;

    public static string Format(DicomFile file, bool bulk)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# File meta information (transfer syntax: {file.TransferSyntax})\n");
        Append(text, file.FileMetaInformation, 0, bulk);
        text.Append("# Data set\n");
        Append(text, file.Dataset, 0, bulk);
        return text.ToString();
    }

    private static void Append(StringBuilder text, DicomDataset dataset, int depth, bool bulk)
    {
        var indent = new string(' ', depth * 2);
        foreach (var element in dataset)
        {
            var keyword = DicomDictionary.Lookup(element.Tag)?.Keyword is { Length: > 0 } k ? k : element.Tag.IsPrivate ? "(private)" : "(unknown)";
            switch (element)
            {
                case DicomSequence sq:
                    text.Append(CultureInfo.InvariantCulture, $"{indent}{element.Tag} SQ {sq.Items.Count} item(s)  # {keyword}\n");
                    for (var i = 0; i < sq.Items.Count; i++)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"{indent}  (FFFE,E000) item {i + 1}\n");
                        Append(text, sq.Items[i], depth + 2, bulk);
                    }

                    break;
                case DicomFragmentSequence fragments:
                    text.Append(CultureInfo.InvariantCulture,
                        $"{indent}{element.Tag} {element.VR} encapsulated: offset table {fragments.OffsetTable.Length} bytes, {fragments.Fragments.Count} fragment(s)  # {keyword}\n");
                    break;
                default:
                    text.Append(CultureInfo.InvariantCulture, $"{indent}{element.Tag} {element.VR} {Value(dataset, element, bulk)}  # {element.Length}, {keyword}\n");
                    break;
            }
        }
    }

    private static string Value(DicomDataset dataset, DicomElement element, bool bulk)
    {
        if (element.VR is DicomVR.OB or DicomVR.OW or DicomVR.OF or DicomVR.OD or DicomVR.OL or DicomVR.OV or DicomVR.UN
            || element.Tag == DicomTag.PixelData)
        {
            if (!bulk || element.Length > 32)
            {
                return $"({element.Length} bytes)";
            }

            return Convert.ToHexString(element.Data.Span);
        }

        var value = dataset.GetString(element.Tag) ?? "";
        return value.Length > MaxValueChars ? $"[{value[..MaxValueChars]}…]" : $"[{value}]";
    }
}
