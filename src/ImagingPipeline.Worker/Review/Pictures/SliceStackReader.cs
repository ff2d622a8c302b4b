using ImagingPipeline.Extraction.Binding;
using ImagingPipeline.Extraction.Measurement;

namespace ImagingPipeline.Worker.Review.Pictures;

/// <summary>Builds a <see cref="SliceStack"/> from the files of one series, reading headers only (up to Pixel Data).</summary>
internal static class SliceStackReader
{
    /// <summary>The stack of an image series, or null when none of the files is a single-frame image with a geometry.</summary>
    public static SliceStack? Read(IEnumerable<string> paths, bool pet, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var images = new List<ImageSlice>();
        var pets = new List<PetSlice>();
        foreach (var path in paths)
        {
            ct.ThrowIfCancellationRequested();
            var file = InstanceReader.Open(path, _ => false);
            if (file is null || InstanceIdentity.Read(file.Dataset, path) is not { } id || ImageSlice.Read(file.Dataset, id) is not { } slice)
            {
                continue;
            }

            images.Add(slice);
            if (pet)
            {
                pets.Add(PetSlice.Read(file.Dataset, file.TransferSyntax, slice));
            }
        }

        if (images.Count == 0)
        {
            return null;
        }

        if (pet)
        {
            var series = PetSeries.Prepare(pets);
            var ordered = series.Slices.Select(s => s.Geometry).ToList();
            return series.HasSuv
                ? new SliceStack(ordered, series.Factors, null)
                : new SliceStack(SortAlongNormal(ordered), null, series.NoSuvReason);
        }

        return new SliceStack(SortAlongNormal(images), null, null);
    }

    private static List<ImageSlice> SortAlongNormal(IReadOnlyList<ImageSlice> slices)
    {
        var normal = slices[0].Normal;
        return [.. slices.OrderBy(s => s.Position.Dot(normal))];
    }
}
