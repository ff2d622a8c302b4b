using ImagingPipeline.Contracts;
using ImagingPipeline.Phantoms.Truth;
using Xunit;

namespace ImagingPipeline.TestSupport.Phantoms;

/// <summary>Checks an assessment against the phantom generator's closed-form truth.</summary>
public static class PhantomAssertions
{
    /// <summary>Every lesion of the truth, and nothing else, with its site, geometry and SUV.</summary>
    public static void MatchesTruth(OligoProgressionAssessed a, StructureSetTruth truth, string frame)
    {
        Assert.Equal(truth.ExtracranialSiteCount, a.ExtracranialSiteCount);
        Assert.Equal(truth.IntracranialLesionCount, a.IntracranialLesionCount);
        Assert.Equal(truth.NodalRegionCount, a.NodalRegionCount);
        Assert.Equal(truth.Lesions.Select(l => l.Name).Order(StringComparer.Ordinal), a.Sites.Select(s => s.RoiName).Order(StringComparer.Ordinal));
        foreach (var lesion in truth.Lesions)
        {
            var site = a.Sites.Single(s => s.RoiName == lesion.Name);
            Assert.Equal($"{truth.SopInstanceUid}/{lesion.RoiNumber}", site.SiteId);
            Assert.Equal(frame, site.FrameOfReferenceUid);
            Assert.Equal(lesion.Site!.Organ, site.Organ);
            Assert.Equal(lesion.Site.IsIntracranial, site.IsIntracranial);
            Assert.Equal(lesion.Site.NodalRegion, site.NodalRegion);
            Assert.Equal(lesion.VolumeCc, site.VolumeCc!.Value, lesion.VolumeCc * 0.03);
            Assert.Equal(lesion.CentroidMm.X, site.CentroidMm![0], 1.0);
            Assert.Equal(lesion.CentroidMm.Y, site.CentroidMm[1], 1.0);
            Assert.Equal(lesion.CentroidMm.Z, site.CentroidMm[2], 1.0);
            if (lesion.SuvMax is { } suv)
            {
                Assert.Equal(suv, site.SuvMax!.Value, suv * 0.05);
            }
            else
            {
                Assert.Null(site.SuvMax);
            }
        }
    }

    /// <summary>
    /// Every version of the sample patient's two timepoints (SamplePatient): the final follow-up
    /// assessment has planning-frame sites with SUV from the follow-up PET through
    /// the registration, progression against the baseline as the truth says, and versions 1..n of
    /// each timepoint each superseding the one before.
    /// </summary>
    public static void SampleTimepointsMatchTruth(IReadOnlyList<OligoProgressionAssessed> history, PhantomTruth sample)
    {
        foreach (var timepoint in history.GroupBy(a => a.StudyInstanceUid))
        {
            var versions = timepoint.OrderBy(a => a.Version).ToList();
            Assert.Equal(Enumerable.Range(1, versions.Count), versions.Select(a => a.Version));
            Assert.All(versions, a => Assert.Equal(a.Version == 1 ? null : a.Version - 1, a.SupersedesVersion));
        }

        var latest = history.GroupBy(a => a.StudyInstanceUid).Select(g => g.MaxBy(a => a.Version)!).ToList();
        Assert.Equal(2, latest.Count);
        var baseline = latest.Single(a => a.StudiesUsed.Any(u => u.StudyInstanceUid == sample.StudyUids["baseline"] && u.Role != "baseline"));
        var followUp = latest.Single(a => a != baseline);
        MatchesTruth(baseline, sample.StructureSet("baseline"), sample.FrameUids["baseline"]);

        var truth = sample.StructureSet("planning");
        MatchesTruth(followUp, truth, sample.FrameUids["planning"]);
        Assert.Equal(baseline.StudyInstanceUid, followUp.BaselineStudyUid);
        Assert.Contains(followUp.StudiesUsed, u => u.StudyInstanceUid == sample.StudyUids["followup"]);
        foreach (var lesion in truth.Lesions)
        {
            var site = followUp.Sites.Single(s => s.RoiName == lesion.Name);
            Assert.Equal(lesion.Progression, site.Progression!.Status.ToString());
            Assert.Equal(sample.StructureSet("planning").PetSeriesUid, site.PetSeriesUid);
        }
    }
}
