namespace ImagingPipeline.Dicom.Tests.Support;

/// <summary>Element-by-element equality of data sets: tags, VRs, value bytes, items and fragments.</summary>
internal static class DatasetComparison
{
    /// <summary>The differences between <paramref name="expected"/> and <paramref name="actual"/>. Group
    /// lengths are skipped (writers recompute them); an odd value may come back with its padding byte.</summary>
    public static List<string> Differences(DicomDataset expected, DicomDataset actual, string path = "")
    {
        var differences = new List<string>();
        var e = expected.Where(x => x.Tag.Element != 0).ToList();
        var a = actual.Where(x => x.Tag.Element != 0).ToList();
        var tags = e.Select(x => x.Tag).Union(a.Select(x => x.Tag)).Order();
        foreach (var tag in tags)
        {
            var here = $"{path}/{tag}";
            var x = e.Find(el => el.Tag == tag);
            var y = a.Find(el => el.Tag == tag);
            if (x is null || y is null)
            {
                differences.Add($"{here}: only in {(x is null ? "actual" : "expected")}");
                continue;
            }

            if (x.VR != y.VR)
            {
                differences.Add($"{here}: VR {x.VR} ≠ {y.VR}");
                continue;
            }

            switch (x)
            {
                case DicomSequence sx when y is DicomSequence sy:
                    if (sx.Items.Count != sy.Items.Count)
                    {
                        differences.Add($"{here}: {sx.Items.Count} items ≠ {sy.Items.Count}");
                        break;
                    }

                    for (var i = 0; i < sx.Items.Count; i++)
                    {
                        differences.AddRange(Differences(sx.Items[i], sy.Items[i], $"{here}[{i}]"));
                    }

                    break;
                case DicomFragmentSequence fx when y is DicomFragmentSequence fy:
                    if (!fx.OffsetTable.Span.SequenceEqual(fy.OffsetTable.Span) || fx.Fragments.Count != fy.Fragments.Count
                        || !fx.Fragments.Zip(fy.Fragments).All(p => SameValue(p.First.Span, p.Second.Span)))
                    {
                        differences.Add($"{here}: fragments differ");
                    }

                    break;
                default:
                    if (x.GetType() != y.GetType() && (x is DicomSequence || y is DicomSequence || x is DicomFragmentSequence || y is DicomFragmentSequence))
                    {
                        differences.Add($"{here}: {x.GetType().Name} ≠ {y.GetType().Name}");
                    }
                    else if (!SameValue(x.Data.Span, y.Data.Span))
                    {
                        differences.Add($"{here}: {x.Length} bytes ≠ {y.Length} bytes or different content");
                    }

                    break;
            }
        }

        return differences;
    }

    private static bool SameValue(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual) =>
        expected.SequenceEqual(actual)
        || ((expected.Length & 1) == 1 && actual.Length == expected.Length + 1 && actual.StartsWith(expected));
}
