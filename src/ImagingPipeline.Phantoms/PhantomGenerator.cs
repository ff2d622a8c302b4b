using ImagingPipeline.Phantoms.Specs;
using ImagingPipeline.Phantoms.Truth;
using ImagingPipeline.Phantoms.Writers;

namespace ImagingPipeline.Phantoms;

/// <summary>
/// Writes a <see cref="PatientSpec"/> as DICOM files ({folder}/{study}/{CT|PT|RTSTRUCT|REGn}/NNNN.dcm)
/// and returns its truth. The output is a pure function of the spec: UIDs come from the seed, dates
/// from the spec, numbers are formatted with fixed precision.
/// </summary>
public static class PhantomGenerator
{
    /// <summary>Studies less than this far apart belong to one timepoint; a baseline is at least this much earlier.</summary>
    public static readonly TimeSpan TimepointWindow = TimeSpan.FromDays(30);

    public static PhantomTruth Write(PatientSpec patient, string folder)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        var uids = new PhantomUids(patient.Seed);
        var files = new List<string>();
        var petSeries = new Dictionary<string, string>(StringComparer.Ordinal);
        var written = new List<(StudySpec Study, StudyContext Context, string Path, string Uid, IReadOnlyList<IReadOnlyList<ContourPlane>> Planes)>();

        foreach (var study in patient.Studies)
        {
            var context = new StudyContext(patient, study, uids, folder);
            var anatomy = new AnatomySampler(patient.Body, study.Anatomy);
            IReadOnlyList<WrittenSlice> ct = [];
            if (study.Ct is { } ctSpec)
            {
                ct = CtSeriesWriter.Write(context, ctSpec, anatomy);
                files.AddRange(ct.Select(s => s.RelativePath));
            }

            if (study.Pet is { } petSpec)
            {
                petSeries[study.Key] = PetSeriesWriter.Write(context, petSpec, anatomy);
                files.AddRange(Enumerable.Range(1, petSpec.Grid.SliceCount).Select(i => StudyContext.RelativePath(study.Key, PetSeriesWriter.Folder, i)));
            }

            if (study.StructureSet is { } rsSpec)
            {
                if (ct.Count == 0)
                {
                    throw new ArgumentException($"Study {study.Key} has a structure set but no CT to draw it on.");
                }

                var (path, uid, planes) = StructureSetWriter.Write(context, rsSpec, ct);
                files.Add(path);
                written.Add((study, context, path, uid, planes));
            }

            var index = 0;
            foreach (var reg in study.Registrations)
            {
                files.Add(RegistrationWriter.Write(context, reg, ++index));
            }
        }

        var truths = new List<StructureSetTruth>();
        foreach (var (study, context, _, uid, planes) in written.OrderBy(w => w.Study.StudyDateTime))
        {
            var baseline = truths.LastOrDefault(t => study.StudyDateTime - t.StudyDateTime >= TimepointWindow);
            var structures = new List<StructureTruth>();
            for (var i = 0; i < study.Anatomy.Count; i++)
            {
                var structure = study.Anatomy[i];
                var suv = study.StructureSet!.PetStudyKey is { } petKey && structure.Site is not null && structure.AffectsImages
                    ? SampledSuvMax(patient, patient.Studies.Single(s => s.Key == petKey), structure)
                    : null;
                var truth = TruthCalculator.Measure(i + 1, structure, planes[i], study.Ct!.Grid.SliceSpacingMm, suv);
                if (truth.IsLesion && baseline is not null)
                {
                    var before = baseline.Structures.FirstOrDefault(b => b.IsLesion && string.Equals(b.Name, truth.Name, StringComparison.OrdinalIgnoreCase));
                    var (status, change) = TruthCalculator.Progression(truth, before);
                    truth = truth with { Progression = status, MeasureChangePercent = change };
                }

                structures.Add(truth);
            }

            truths.Add(new StructureSetTruth
            {
                StudyKey = study.Key,
                StudyInstanceUid = context.StudyInstanceUid,
                StudyDateTime = study.StudyDateTime,
                SopInstanceUid = uid,
                FrameOfReferenceUid = context.FrameOfReferenceUid,
                ReferencedSeriesUid = context.SeriesUid(CtSeriesWriter.Folder),
                PetSeriesUid = study.StructureSet!.PetStudyKey is { } k && petSeries.TryGetValue(k, out var pet) ? pet : null,
                BaselineStudyUid = baseline?.StudyInstanceUid,
                Structures = structures,
            });
        }

        return new PhantomTruth
        {
            PatientId = patient.PatientId,
            Files = files,
            StudyUids = patient.Studies.ToDictionary(s => s.Key, s => uids.For("study/" + s.Key), StringComparer.Ordinal),
            FrameUids = patient.Frames.ToDictionary(f => f.Key, f => uids.For("frame/" + f.Key), StringComparer.Ordinal),
            StructureSets = truths,
        };
    }

    /// <summary>
    /// The largest SUV the PET holds inside the structure: the uptake at the voxel centres that lie in
    /// it (lesions do not overlap, so no other structure shadows it); null when no voxel centre does.
    /// </summary>
    private static double? SampledSuvMax(PatientSpec patient, StudySpec petStudy, PhantomStructure structure)
    {
        if (petStudy.Pet is not { } pet)
        {
            return null;
        }

        var toFrame = patient.Frames.Single(f => f.Key == petStudy.FrameKey).WorldToFrame;
        var toWorld = toFrame.Inverse();
        var grid = pet.Grid;
        var corners = structure.Solids.SelectMany(s => Corners(s)).Select(p => grid.ContinuousIndex(toFrame.Apply(p))).ToList();
        double? best = null;
        for (var k = Lower(corners.Min(c => c.Slice)); k <= Upper(corners.Max(c => c.Slice), grid.SliceCount); k++)
        {
            for (var r = Lower(corners.Min(c => c.Row)); r <= Upper(corners.Max(c => c.Row), grid.Rows); r++)
            {
                for (var c = Lower(corners.Min(x => x.Column)); c <= Upper(corners.Max(x => x.Column), grid.Columns); c++)
                {
                    if (structure.UptakeAt(toWorld.Apply(grid.VoxelCentre(k, r, c))) is { } v && (best is null || v > best))
                    {
                        best = v;
                    }
                }
            }
        }

        return best;
    }

    private static int Lower(double index) => Math.Max(0, (int)Math.Floor(index));

    private static int Upper(double index, int count) => Math.Min(count - 1, (int)Math.Ceiling(index));

    private static IEnumerable<Geometry.PointMm> Corners(Geometry.Ellipsoid e)
    {
        foreach (var sx in new[] { -1, 1 })
        {
            foreach (var sy in new[] { -1, 1 })
            {
                foreach (var sz in new[] { -1, 1 })
                {
                    yield return e.Centre + new Geometry.PointMm(sx * e.SemiAxisXMm, sy * e.SemiAxisYMm, sz * e.SemiAxisZMm);
                }
            }
        }
    }
}
