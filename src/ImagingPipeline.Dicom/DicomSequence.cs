namespace ImagingPipeline.Dicom;

/// <summary>An SQ element with its items (PS3.5 7.5).</summary>
public sealed class DicomSequence : DicomElement
{
    public DicomSequence(DicomTag tag, IReadOnlyList<DicomDataset> items) : base(tag, DicomVR.SQ, ReadOnlyMemory<byte>.Empty) =>
        Items = items;

    public IReadOnlyList<DicomDataset> Items { get; }

    public override string ToString() => $"{Tag} SQ [{Items.Count} items]";
}
