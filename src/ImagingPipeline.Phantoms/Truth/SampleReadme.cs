using System.Globalization;
using System.Text;
using ImagingPipeline.Phantoms.Specs;

namespace ImagingPipeline.Phantoms.Truth;

/// <summary>The README of a generated patient folder: what it holds and what extraction must find, written from the truth.</summary>
public static class SampleReadme
{
    public static string Render(PatientSpec patient, PhantomTruth truth, string command)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(truth);
        var md = new StringBuilder();
        Line(md, "# Sample patient (synthetic)");
        Line(md);
        Line(md, $"Synthetic and de-identified: no patient data. Written by `{command}` (ImagingPipeline.Phantoms, " +
            $"seed `{patient.Seed}`); the same command writes byte-identical files, and a test checks it. Every file " +
            "passes dciodvfy. The truth below was computed by the generator from its own geometry (closed-form polygon " +
            "areas, ellipse axes, the uptake it wrote), not by the extraction code.");
        Line(md);
        Line(md, $"Patient ID `{patient.PatientId}`, sex {patient.Sex}, {F(patient.WeightKg, 0)} kg, {F(patient.HeightM * 100, 0)} cm. " +
            "PET: F-18 FDG, units BQML, decay correction START, per-slice rescale slopes.");
        Line(md);
        Line(md, "| Folder | Study | Date | Frame of reference | Content |");
        Line(md, "|---|---|---|---|---|");
        foreach (var s in patient.Studies)
        {
            var content = new List<string>();
            if (s.Ct is { } ct)
            {
                content.Add($"CT {ct.Grid.Columns}×{ct.Grid.Rows}×{ct.Grid.SliceCount} ({F(ct.Grid.PixelSpacingMm, 1)} mm, {F(ct.Grid.SliceSpacingMm, 1)} mm slices)");
            }

            if (s.Pet is { } pet)
            {
                content.Add($"PET {pet.Grid.Columns}×{pet.Grid.Rows}×{pet.Grid.SliceCount} ({F(pet.Grid.PixelSpacingMm, 1)} mm, {F(pet.Grid.SliceSpacingMm, 1)} mm slices), " +
                    $"{F(pet.Acquisition.InjectedDoseBq / 1e6, 0)} MBq injected {F((pet.Acquisition.SeriesStart - pet.Acquisition.Injection).TotalMinutes, 0)} min before the scan");
            }

            if (s.StructureSet is not null)
            {
                content.Add("RT structure set");
            }

            foreach (var reg in s.Registrations)
            {
                content.Add($"Spatial Registration: {string.Join(", ", reg.MovingFrameKeys)} → {reg.RegisteredFrameKey}");
            }

            Line(md, $"| `{s.Key}/` | {s.Description} | {Day(s.StudyDateTime)} | {s.FrameKey} | {string.Join("; ", content)} |");
        }

        foreach (var set in truth.StructureSets.OrderByDescending(t => t.StudyDateTime))
        {
            var study = patient.Studies.Single(s => s.Key == set.StudyKey);
            Line(md);
            Line(md, $"## Structure set of `{set.StudyKey}/` ({Day(study.StudyDateTime)})");
            Line(md);
            var pet = study.StructureSet?.PetStudyKey;
            Line(md, $"SUV from the PET of `{pet}/`" + (pet is not null && patient.Studies.Single(s => s.Key == pet).FrameKey != study.FrameKey
                ? " (another frame of reference, reached through the Spatial Registration object)." : " (same frame of reference)."));
            Line(md, $"Centroids in this structure set's frame ({study.FrameKey}). Progression against " +
                (set.BaselineStudyUid is null ? "nothing (no earlier timepoint)." : $"the structure set of `{truth.StructureSets.Single(t => t.StudyInstanceUid == set.BaselineStudyUid).StudyKey}/`."));
            Line(md);
            Line(md, "| ROI | Site | Station → region | Volume cm³ | Longest mm | Short axis mm | Centroid mm | SUVmax | Progression |");
            Line(md, "|---|---|---|---|---|---|---|---|---|");
            foreach (var l in set.Lesions)
            {
                var site = l.Site!;
                var where = site.Organ + (site.Laterality is null ? "" : " " + site.Laterality) + (site.IsIntracranial ? " (intracranial)" : "");
                var node = site.IsNodal ? $"{site.LymphNodeStation} → {site.NodalRegion}" : "";
                var c = l.CentroidMm;
                var progression = l.Progression is null ? "—" : l.Progression + (l.MeasureChangePercent is { } p ? $" ({p.ToString("+0;-0;0", CultureInfo.InvariantCulture)} %)" : "");
                Line(md, $"| {l.Name} | {where} | {node} | {F(l.VolumeCc, 2)} | {F(l.LongestDiameterMm, 1)} | {(l.ShortAxisMm is { } s ? F(s, 1) : "—")} | " +
                    $"{F(c.X, 1)}, {F(c.Y, 1)}, {F(c.Z, 1)} | {(l.SuvMax is { } v ? F(v, 2) : "—")} | {progression} |");
            }

            Line(md);
            Line(md, $"Counts: extracranialSiteCount **{set.ExtracranialSiteCount}** (lymph nodes once per nodal region: {set.NodalRegionCount} region(s)), " +
                $"intracranialLesionCount **{set.IntracranialLesionCount}**. Not lesions (kept for review): {string.Join(", ", set.NonLesionNames)}.");
        }

        Line(md);
        Line(md, "Tolerances the tests hold extraction to: volume 3 %, diameters one pixel, centroid 1 mm, SUVmax 0.5 %, counts exact. " +
            "SUVmax is the largest value at a PET voxel centre inside the lesion; lesions are centred on a PET voxel, and uptake falls " +
            "off from the centre (SUV·(1 − ρ²/4)), so it is the lesion's central uptake.");
        return md.ToString();
    }

    private static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Day(DateTime value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
