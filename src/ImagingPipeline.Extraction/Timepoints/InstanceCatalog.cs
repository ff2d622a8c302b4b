using System.Globalization;
using ImagingPipeline.Dicom;
using ImagingPipeline.Extraction.Binding;

namespace ImagingPipeline.Extraction.Timepoints;

/// <summary>
/// The instances of one extraction, sorted by what they are: images with plane geometry (CT, MR, …),
/// PET images (with their pixel data), RT structure sets and spatial registrations. Everything else
/// is noted and ignored.
/// </summary>
internal sealed class InstanceCatalog
{
    private const string PetStorage = "1.2.840.10008.5.1.4.1.1.128";
    private const string StructureSetStorage = "1.2.840.10008.5.1.4.1.1.481.3";
    private const string RegistrationStorage = "1.2.840.10008.5.1.4.1.1.66.1";
    private const string DeformableRegistrationStorage = "1.2.840.10008.5.1.4.1.1.66.3";

    public List<ImageSlice> Images { get; } = [];

    public List<PetSlice> Pets { get; } = [];

    public List<StructureSetInfo> StructureSets { get; } = [];

    public List<RegistrationInfo> Registrations { get; } = [];

    /// <summary>Everything not tied to one assessment: unreadable files, ignored objects, duplicates.</summary>
    public List<string> Notes { get; } = [];

    public Dictionary<string, InstanceIdentity> BySopInstance { get; } = new(StringComparer.Ordinal);

    public int SkippedFiles { get; private set; }

    public static InstanceCatalog Read(IEnumerable<ExtractionInput> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var catalog = new InstanceCatalog();
        var ignored = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DicomFile? file;
            try
            {
                file = input.File ?? InstanceReader.Open(input.Path!, ds => IsPet(ds) && ds.GetString(DicomTag.NumberOfFrames) is null or "1");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DicomException or ArgumentException
                or IndexOutOfRangeException or InvalidDataException or OverflowException or FormatException)
            {
                catalog.Notes.Add($"{input.Name}: not read ({ex.Message})");
                continue;
            }

            if (file is null)
            {
                catalog.SkippedFiles++;
                continue;
            }

            catalog.Add(file, input.Name, ignored);
        }

        foreach (var (what, count) in ignored.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            catalog.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{count} instance(s) ignored: {what}"));
        }

        return catalog;
    }

    private static bool IsPet(DicomDataset ds)
        => DatasetValues.Text(ds, DicomTag.SOPClassUID) == PetStorage;

    private void Add(DicomFile file, string source, Dictionary<string, int> ignored)
    {
        var ds = file.Dataset;
        var id = InstanceIdentity.Read(ds, source);
        if (id is null)
        {
            SkippedFiles++;
            return;
        }

        if (!BySopInstance.TryAdd(id.SopInstanceUid, id))
        {
            Notes.Add($"{source}: SOP Instance UID {id.SopInstanceUid} already read from {BySopInstance[id.SopInstanceUid].Source}: the second copy is ignored");
            return;
        }

        switch (id.SopClassUid)
        {
            case StructureSetStorage:
                StructureSets.Add(StructureSetReader.Read(ds, id));
                return;
            case RegistrationStorage:
                Registrations.Add(RegistrationReader.Read(ds, id));
                return;
            case DeformableRegistrationStorage:
                Count(ignored, "deformable spatial registration (only rigid/affine matrices are supported)");
                return;
        }

        var geometry = ImageSlice.Read(ds, id);
        if (geometry is null)
        {
            Count(ignored, ds.Contains(DicomTag.PixelData) || DatasetValues.Integer(ds, DicomTag.NumberOfFrames) > 1
                ? $"{DicomUid.Lookup(id.SopClassUid)?.Name ?? id.SopClassUid} without single-frame plane geometry (multi-frame images are not supported)"
                : $"{DicomUid.Lookup(id.SopClassUid)?.Name ?? id.SopClassUid} (not used by extraction)");
            return;
        }

        if (id.SopClassUid == PetStorage)
        {
            if (!ds.Contains(DicomTag.PixelData))
            {
                Notes.Add($"{source}: PET image without pixel data: not used for SUV");
                Images.Add(geometry);
                return;
            }

            Pets.Add(PetSlice.Read(ds, file.TransferSyntax, geometry));
        }
        else
        {
            Images.Add(geometry);
        }
    }

    private static void Count(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
