using ImagingPipeline.Contracts;
using ImagingPipeline.Extraction.Geometry;
using ImagingPipeline.Extraction.Pet;
using ImagingPipeline.Extraction.Timepoints;

namespace ImagingPipeline.Extraction.Measurement;

/// <summary>Choosing the timepoint's PET series (DOMAIN §1, §4).</summary>
internal static partial class TimepointAssessor
{
    private sealed record PetChoice(PetSeries? Series, PetVolume? Volume, Matrix4? ToPet, string? NoSuvReason);

    /// <summary>
    /// The PET series of the timepoint in the structure set's frame or joined to it by registrations;
    /// of several, the one with SUV, then the same frame, then the latest, then the longest (warned).
    /// Its pixel data is decoded here, once.
    /// </summary>
    private static PetChoice ChoosePet(string? frame, PatientStudies patient, PatientTimepoint timepoint, List<StudyReference> studies, List<string> warnings)
    {
        if (timepoint.Pets.Count == 0)
        {
            return new PetChoice(null, null, null, "no PET series at this timepoint");
        }

        var candidates = timepoint.Pets.GroupBy(p => p.Geometry.Id.SeriesInstanceUid, StringComparer.Ordinal)
            .Select(g => PetSeries.Prepare([.. g]))
            .Select(s => (Series: s, Path: patient.Frames.Find(frame, s.FrameOfReferenceUid)))
            .Where(c => c.Path is not null)
            .OrderByDescending(c => c.Series.HasSuv)
            .ThenByDescending(c => c.Series.FrameOfReferenceUid == frame)
            .ThenByDescending(c => c.Series.SeriesDateTime)
            .ThenByDescending(c => c.Series.Slices.Count)
            .ThenBy(c => c.Series.SeriesUid, StringComparer.Ordinal)
            .ToList();
        if (candidates.Count == 0)
        {
            return new PetChoice(null, null, null, "the PET of this timepoint is in another frame of reference and no registration joins it to the structure set");
        }

        var (chosen, path) = candidates[0];
        if (candidates.Count > 1)
        {
            warnings.Add($"several candidate PET series: used {chosen.SeriesUid} " +
                $"({(chosen.HasSuv ? "SUV computable" : "no SUV")}, {(chosen.FrameOfReferenceUid == frame ? "same frame" : "registered")}); not used: " +
                string.Join(", ", candidates.Skip(1).Select(c => c.Series.SeriesUid + (c.Series.HasSuv ? "" : " (no SUV: " + c.Series.NoSuvReason + ")"))));
        }

        var (matrix, registrations) = path!.Value;
        AddStudy(studies, timepoint, chosen.StudyUid, StudyRoles.PetCt, registrations.Count == 0
            ? $"PET series {chosen.SeriesUid}: same frame of reference as the structure set"
            : $"PET series {chosen.SeriesUid}: frame {chosen.FrameOfReferenceUid} reached through registration {string.Join(" → ", registrations)}");
        foreach (var reg in registrations)
        {
            var info = patient.Registrations.First(r => r.Id.SopInstanceUid == reg);
            AddStudy(studies, timepoint, info.Id.StudyInstanceUid, StudyRoles.Registration, $"Spatial Registration {reg} joins frame {chosen.FrameOfReferenceUid} and the structure set's frame {frame}");
        }

        var volume = chosen.LoadVolume();
        return new PetChoice(chosen, volume, matrix, volume is null ? chosen.NoSuvReason : null);
    }
}
