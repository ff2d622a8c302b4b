using System.Globalization;
using ImagingPipeline.Dicom;
using ImagingPipeline.Extraction.Geometry;

namespace ImagingPipeline.Extraction.Binding;

/// <summary>
/// Reads a Spatial Registration object (DOMAIN §4): RegistrationSequence (0070,0308) items →
/// MatrixRegistrationSequence (0070,0309) → MatrixSequence (0070,030A) →
/// FrameOfReferenceTransformationMatrix (3006,00C6), 16 values row-major, each mapping the item's
/// frame into the object's frame. Several matrices in one item are applied in the order given
/// (the first item's matrix first): M = Mₙ · … · M₁.
/// </summary>
internal static class RegistrationReader
{
    public static RegistrationInfo Read(DicomDataset ds, InstanceIdentity id)
    {
        var warnings = new List<string>();
        var items = new List<RegistrationItem>();
        var sequence = ds.GetSequence(DicomTag.RegistrationSequence);
        for (var i = 0; i < sequence.Count; i++)
        {
            var (item, problem) = ReadItem(sequence[i]);
            if (item is not null)
            {
                items.Add(item);
            }
            else
            {
                warnings.Add(Invariant($"registration item {i + 1} {problem}: ignored"));
            }
        }

        return new RegistrationInfo { Id = id, RegisteredFrameUid = id.FrameOfReferenceUid, Items = items, Warnings = warnings };
    }

    private static (RegistrationItem? Item, string? Problem) ReadItem(DicomDataset item)
    {
        var frame = DatasetValues.Text(item, DicomTag.FrameOfReferenceUID);
        var images = item.GetSequence(DicomTag.ReferencedImageSequence)
            .Select(r => DatasetValues.Text(r, DicomTag.ReferencedSOPInstanceUID)).OfType<string>().ToList();
        Matrix4? combined = null;
        var types = new List<string>();
        foreach (var registration in item.GetSequence(DicomTag.MatrixRegistrationSequence))
        {
            foreach (var matrixItem in registration.GetSequence(DicomTag.MatrixSequence))
            {
                var values = DatasetValues.Numbers(matrixItem, DicomTag.FrameOfReferenceTransformationMatrix);
                if (values.Length != 16)
                {
                    return (null, Invariant($"has a transformation matrix of {values.Length} values, not 16"));
                }

                var m = new Matrix4(values);
                combined = combined is null ? m : m.Multiply(combined);
                types.Add(DatasetValues.Text(matrixItem, DicomTag.FrameOfReferenceTransformationMatrixType) ?? "unspecified");
            }
        }

        if (combined is null)
        {
            return (null, "has no matrix");
        }

        return frame is null && images.Count == 0
            ? (null, "names neither a frame of reference nor images")
            : (new RegistrationItem(frame, images, combined, string.Join("·", types)), null);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
