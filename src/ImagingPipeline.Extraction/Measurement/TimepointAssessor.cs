using System.Globalization;
using ImagingPipeline.Contracts;
using ImagingPipeline.Extraction.Binding;
using ImagingPipeline.Extraction.Geometry;
using ImagingPipeline.Extraction.Pet;
using ImagingPipeline.Extraction.Sites;
using ImagingPipeline.Extraction.Timepoints;

namespace ImagingPipeline.Extraction.Measurement;

/// <summary>
/// One patient timepoint → one assessment (without progression, which needs the baseline): the
/// latest RT structure set, the images its contours were drawn on, the PET series reached in its
/// frame or through registrations, every lesion measured and counted.
/// </summary>
internal static partial class TimepointAssessor
{
    public static OligoProgressionAssessed? Assess(PatientStudies patient, PatientTimepoint timepoint, ExtractionOptions options, DateTimeOffset assessedAt)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(timepoint);
        ArgumentNullException.ThrowIfNull(options);
        if (timepoint.StructureSets.Count == 0)
        {
            return null;
        }

        var warnings = new List<string>(patient.Warnings);
        var studies = new List<StudyReference>();
        var set = timepoint.StructureSets.OrderBy(s => s.DateTime ?? DateTime.MinValue).ThenBy(s => s.Id.SopInstanceUid, StringComparer.Ordinal).Last();
        foreach (var other in timepoint.StructureSets.Where(s => s != set))
        {
            warnings.Add($"RT structure set {other.Id.SopInstanceUid} ('{other.Label}') not used: the later set {set.Id.SopInstanceUid} of the same timepoint is");
        }

        warnings.AddRange(set.Warnings.Select(w => "structure set: " + w));
        var frame = set.FrameOfReferenceUid;
        if (frame is null)
        {
            warnings.Add("the structure set names no frame of reference: PET and registrations cannot be related to it");
        }

        AddStudy(studies, timepoint, set.Id.StudyInstanceUid, StudyRoles.StructureSet, $"RT structure set '{set.Label}' {set.Id.SopInstanceUid}");
        var (slab, referencedSeries) = ContouredImages(set, frame, patient, timepoint, studies, warnings);
        var unregistered = UnrelatedSeries(frame, patient, timepoint, warnings);
        var pet = ChoosePet(frame, patient, timepoint, studies, warnings);

        var brain = set.Rois.FirstOrDefault(r => r.Name.Trim().Equals("Brain", StringComparison.OrdinalIgnoreCase)
            && (r.InterpretedType is null || r.InterpretedType.Equals("ORGAN", StringComparison.OrdinalIgnoreCase))
            && r.Contours.Any(c => c.Closed is not null));
        var context = new LesionContext
        {
            StructureSet = set,
            FrameOfReferenceUid = frame,
            SlabThicknessMm = slab,
            ReferencedSeriesUid = referencedSeries,
            Brain = brain is null ? null : new PlaneStack([.. brain.Contours.Select(c => c.Closed).OfType<PlanarContour>()], slab ?? 0),
            Pet = pet.Volume,
            PetSeriesUid = pet.Series?.SeriesUid,
            ToPet = pet.ToPet,
            SulFactor = pet.Series?.SulFactor,
            NoSuvReason = pet.NoSuvReason,
            Unregistered = unregistered,
            Images = patient.ImagesBySop,
            NodalRegions = options.NodalRegions,
        };

        var sites = new List<SiteRecord>();
        var infos = new List<SiteInfo>();
        var notLesions = new List<string>();
        foreach (var roi in set.Rois.OrderBy(r => r.Number))
        {
            if (SiteClassifier.RoleOf(roi.Name, roi.InterpretedType, options.LesionRoiNames) == RoiRole.Ignored)
            {
                notLesions.Add(roi.Name);
                continue;
            }

            var (record, info) = LesionMeasurer.Measure(roi, context);
            sites.Add(record);
            infos.Add(info);
        }

        var (extracranial, intracranial) = SiteCounter.Count(infos);
        return new OligoProgressionAssessed
        {
            StudyInstanceUid = set.Id.StudyInstanceUid,
            PatientId = patient.PatientId,
            IssuerOfPatientId = patient.IssuerOfPatientId,
            Version = 1,
            AssessedAt = assessedAt,
            ExtractorVersion = StudyExtractor.ExtractorVersion,
            Methods = new ExtractionMethods
            {
                Suv = pet.Series?.Method is { } method
                    ? $"SUVbw = (stored × RescaleSlope + RescaleIntercept) × F per slice; F: {method}; SUL (Janmahasatian lean body mass) where height and sex are known"
                    : "no SUV: " + pet.NoSuvReason,
                Mtv = "whole lesion mask on the PET grid (voxel centres inside the contours of the nearest contour plane within half the plane spacing), no threshold; TLG = SUVmean × MTV",
            },
            StudiesUsed = studies,
            ExtracranialSiteCount = extracranial,
            IntracranialLesionCount = intracranial,
            NodalRegionCount = infos.Where(i => !i.IsIntracranial && i.IsNodal).Select(i => i.NodalRegion ?? i.LymphNodeStation).Distinct(StringComparer.OrdinalIgnoreCase).Count(),
            Sites = sites,
            NonLesionRois = notLesions,
            Warnings = warnings,
        };
    }

    /// <summary>The slice spacing of the images the contours were drawn on (the volume's slab thickness) and their series.</summary>
    private static (double? Slab, string? Series) ContouredImages(
        StructureSetInfo set, string? frame, PatientStudies patient, PatientTimepoint timepoint, List<StudyReference> studies, List<string> warnings)
    {
        var referenced = set.Rois.SelectMany(r => r.Contours).SelectMany(c => c.ImageUids).ToHashSet(StringComparer.Ordinal);
        var series = patient.ImagesBySop.Values
            .Where(i => referenced.Contains(i.Id.SopInstanceUid) || set.ReferencedSeries.Contains(i.Id.SeriesInstanceUid))
            .GroupBy(i => i.Id.SeriesInstanceUid, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count(i => referenced.Contains(i.Id.SopInstanceUid)))
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .FirstOrDefault();
        if (series is null)
        {
            warnings.Add(frame is not null && patient.ImagesBySop.Values.Any(i => i.Id.FrameOfReferenceUid == frame)
                ? $"the images the structure set references (series {string.Join(", ", set.ReferencedSeries)}) were not received: volumes use the contour plane spacing"
                : $"no images were received in the structure set's frame of reference {frame}: volumes use the contour plane spacing");
            return (null, set.ReferencedSeries.FirstOrDefault());
        }

        var slices = patient.ImagesBySop.Values.Where(i => i.Id.SeriesInstanceUid == series.Key).ToList();
        var (grid, _, problem) = SeriesGrid.Build(slices, i => i);
        AddStudy(studies, timepoint, slices[0].Id.StudyInstanceUid, StudyRoles.PlanningCt,
            Invariant($"images the contours were drawn on: {slices[0].Id.Modality} series {series.Key} ({slices.Count} images)"));
        if (grid is null || grid.SliceSpacingMm <= 0)
        {
            warnings.Add($"the contoured series {series.Key} is not one image stack ({problem ?? "a single slice"}): volumes use the contour plane spacing");
            return (null, series.Key);
        }

        return (grid.SliceSpacingMm, series.Key);
    }

    /// <summary>Warns about every series of the timepoint whose frame nothing joins to the structure set's; true when there is one.</summary>
    private static bool UnrelatedSeries(string? frame, PatientStudies patient, PatientTimepoint timepoint, List<string> warnings)
    {
        var unrelated = timepoint.Images.Concat(timepoint.Pets.Select(p => p.Geometry))
            .GroupBy(i => i.Id.SeriesInstanceUid, StringComparer.Ordinal)
            .Select(g => g.First().Id)
            .Where(id => patient.Frames.Find(frame, id.FrameOfReferenceUid) is null)
            .ToList();
        foreach (var id in unrelated)
        {
            warnings.Add($"{id.Modality} series {id.SeriesInstanceUid} (study {id.StudyInstanceUid}) is in frame of reference {id.FrameOfReferenceUid}, " +
                $"which neither shares nor is registered to the structure set's frame {frame}: its coordinates are not compared (unregistered)");
        }

        return unrelated.Count > 0;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static void AddStudy(List<StudyReference> studies, PatientTimepoint timepoint, string studyUid, string role, string reason)
    {
        if (!studies.Any(s => s.StudyInstanceUid == studyUid && s.Role == role))
        {
            var date = timepoint.StudyDates.GetValueOrDefault(studyUid);
            studies.Add(new StudyReference
            {
                StudyInstanceUid = studyUid,
                Role = role,
                StudyDate = date is { } d ? DateOnly.FromDateTime(d) : null,
                Reason = reason,
            });
        }
    }
}
