using System.Globalization;
using ImagingPipeline.Extraction.Binding;
using ImagingPipeline.Extraction.Frames;

namespace ImagingPipeline.Extraction.Timepoints;

/// <summary>
/// Groups a catalog by patient (Patient ID and, where present, Issuer of Patient ID) and each
/// patient's studies into timepoints: studies less than the window after the first study of a
/// timepoint join it; an undated study joins the timepoint it shares a frame of reference with.
/// </summary>
internal static class TimepointGrouper
{
    public static IReadOnlyList<PatientStudies> Group(InstanceCatalog catalog, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var all = catalog.BySopInstance.Values.ToList();
        var patients = new List<PatientStudies>();
        foreach (var group in all.GroupBy(PatientKey(all), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var sops = group.Select(i => i.SopInstanceUid).ToHashSet(StringComparer.Ordinal);
            var first = group.First();
            var warnings = PatientWarnings(group.ToList());
            var images = catalog.Images.Concat(catalog.Pets.Select(p => p.Geometry)).Where(i => sops.Contains(i.Id.SopInstanceUid))
                .ToDictionary(i => i.Id.SopInstanceUid, StringComparer.Ordinal);
            var registrations = catalog.Registrations.Where(r => sops.Contains(r.Id.SopInstanceUid)).ToList();
            var frames = new FrameGraph();
            foreach (var reg in registrations)
            {
                warnings.AddRange(reg.Warnings.Select(w => $"registration {reg.Id.SopInstanceUid}: {w}"));
                frames.Add(reg, sop => images.TryGetValue(sop, out var image) ? image.Id.FrameOfReferenceUid : null, warnings);
            }

            patients.Add(new PatientStudies
            {
                PatientId = first.PatientId,
                IssuerOfPatientId = group.Select(i => i.IssuerOfPatientId).FirstOrDefault(i => i is not null),
                Timepoints = Timepoints(group.ToList(), catalog, sops, window),
                Frames = frames,
                ImagesBySop = images,
                Warnings = warnings,
                Registrations = registrations,
            });
        }

        return patients;
    }

    /// <summary>
    /// The patient key of an instance: "ID|issuer". An instance without an issuer joins the one
    /// issuer its ID is seen with; with several issuers it stays apart.
    /// </summary>
    private static Func<InstanceIdentity, string> PatientKey(List<InstanceIdentity> all)
    {
        var issuers = all.Where(i => i.IssuerOfPatientId is not null)
            .GroupBy(i => i.PatientId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(i => i.IssuerOfPatientId!).Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        return i =>
        {
            var issuer = i.IssuerOfPatientId
                ?? (issuers.TryGetValue(i.PatientId, out var known) && known.Count == 1 ? known[0] : "");
            return i.PatientId + "|" + issuer;
        };
    }

    private static List<string> PatientWarnings(List<InstanceIdentity> instances)
    {
        var warnings = new List<string>();
        if (instances[0].PatientId.Length == 0)
        {
            warnings.Add("instances without a Patient ID are grouped as one patient");
        }

        var births = instances.Select(i => i.PatientBirthDate).OfType<DateOnly>().Distinct().ToList();
        if (births.Count > 1)
        {
            warnings.Add("patient birth date differs between studies of this Patient ID: " +
                string.Join(", ", births.Order().Select(b => b.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))) + " — check the studies belong to one patient");
        }

        var sexes = instances.Select(i => i.PatientSex).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (sexes.Count > 1)
        {
            warnings.Add("patient sex differs between studies of this Patient ID: " + string.Join(", ", sexes.Order(StringComparer.Ordinal)) + " — check the studies belong to one patient");
        }

        return warnings;
    }

    private static List<PatientTimepoint> Timepoints(List<InstanceIdentity> instances, InstanceCatalog catalog, HashSet<string> sops, TimeSpan window)
    {
        var studies = instances.GroupBy(i => i.StudyInstanceUid, StringComparer.Ordinal)
            .Select(g => (Uid: g.Key, Date: g.Min(i => i.StudyDateTime ?? i.SeriesDateTime), Frames: g.Select(i => i.FrameOfReferenceUid).OfType<string>().ToHashSet(StringComparer.Ordinal)))
            .ToList();
        var clusters = new List<List<(string Uid, DateTime? Date, HashSet<string> Frames)>>();
        foreach (var study in studies.Where(s => s.Date is not null).OrderBy(s => s.Date))
        {
            if (clusters.Count > 0 && study.Date - clusters[^1][0].Date < window)
            {
                clusters[^1].Add(study);
            }
            else
            {
                clusters.Add([study]);
            }
        }

        foreach (var study in studies.Where(s => s.Date is null))
        {
            var home = clusters.FirstOrDefault(c => c.Any(s => s.Frames.Overlaps(study.Frames)));
            if (home is null)
            {
                clusters.Add(home = []);
            }

            home.Add(study);
        }

        return [.. clusters.Select(c =>
        {
            var uids = c.Select(s => s.Uid).ToHashSet(StringComparer.Ordinal);
            bool In(InstanceIdentity id) => uids.Contains(id.StudyInstanceUid) && sops.Contains(id.SopInstanceUid);
            return new PatientTimepoint
            {
                Date = c.Min(s => s.Date),
                StudyUids = [.. c.Select(s => s.Uid)],
                StudyDates = c.ToDictionary(s => s.Uid, s => s.Date, StringComparer.Ordinal),
                StructureSets = [.. catalog.StructureSets.Where(s => In(s.Id))],
                Pets = [.. catalog.Pets.Where(p => In(p.Geometry.Id))],
                Images = [.. catalog.Images.Where(i => In(i.Id))],
            };
        })];
    }
}
