using System.Globalization;
using ImagingPipeline.Contracts;
using ImagingPipeline.Extraction.Geometry;
using ProgressionRecord = ImagingPipeline.Contracts.Progression;

namespace ImagingPipeline.Extraction.Progression;

/// <summary>
/// Progression against the prior timepoint (DOMAIN §7): lesions matched by label, then by
/// centroid distance in a shared or registered frame; RECIST 1.1 sum and per-lesion status,
/// PET new avidity and PERCIST SULpeak (SUVpeak when SUL is unknown).
/// </summary>
internal static class ProgressionAssessor
{
    /// <summary>Farthest centroid distance accepted for a match by position, mm.</summary>
    public const double MaxMatchDistanceMm = 20;

    /// <summary>SUVmax at or above which a lesion is called FDG-avid (PET positive).</summary>
    public const double AvidSuvMax = 2.5;

    /// <summary>
    /// Adds a <see cref="ProgressionRecord"/> to every current site and returns the RECIST summary.
    /// </summary>
    /// <param name="current">Sites of this timepoint.</param>
    /// <param name="baseline">The prior assessment, or null.</param>
    /// <param name="transform">Maps (from frame, to frame) to a matrix; identity for the same frame, null when unrelated.</param>
    public static (IReadOnlyList<SiteRecord> Sites, RecistSummary? Recist) Assess(
        IReadOnlyList<SiteRecord> current,
        OligoProgressionAssessed? baseline,
        Func<string?, string?, Matrix4?> transform)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(transform);
        if (baseline is null)
        {
            var unknown = current.Select(s => s with
            {
                Progression = new ProgressionRecord { Status = ProgressionStatus.Unknown, Reason = "no prior timepoint" },
            }).ToList();
            return (unknown, new RecistSummary { CurrentSumMm = RecistSum(current) });
        }

        var matches = Match(current, baseline.Sites, transform);
        var result = new List<SiteRecord>(current.Count);
        var anyNew = false;
        for (var i = 0; i < current.Count; i++)
        {
            var p = Judge(current[i], matches[i], baseline.StudyInstanceUid);
            anyNew |= p.Status == ProgressionStatus.New;
            result.Add(current[i] with { Progression = p });
        }

        var currentSum = RecistSum(current);
        var baselineSum = RecistSum(baseline.Sites);
        var nadir = Math.Min(baselineSum, baseline.Recist?.NadirSumMm ?? baselineSum);
        var changeMm = currentSum - nadir;
        double? changePct = nadir > 0 ? 100 * changeMm / nadir : null;
        var sumProgression = changeMm >= 5 && (nadir == 0 || changeMm >= 0.2 * nadir);
        return (result, new RecistSummary
        {
            CurrentSumMm = currentSum,
            BaselineSumMm = baselineSum,
            NadirSumMm = nadir,
            ChangeFromNadirMm = changeMm,
            ChangeFromNadirPercent = changePct,
            Progression = sumProgression || anyNew,
        });
    }

    /// <summary>RECIST 1.1 sum: non-node longest diameters ≥ 10 mm plus node short axes ≥ 15 mm (targets).</summary>
    public static double RecistSum(IEnumerable<SiteRecord> sites)
        => sites.Where(s => !s.IsIntracranial).Sum(s => IsNode(s)
            ? (s.ShortAxisMm is >= 15 ? s.ShortAxisMm.Value : 0)
            : (s.LongestDiameterMm is >= 10 ? s.LongestDiameterMm.Value : 0));

    internal static bool IsNode(SiteRecord s) => s.LymphNodeStation is not null || s.NodalRegion is not null || s.Organ == Sites.SiteClassifier.LymphNode;

    private static (SiteRecord Site, string By, double? Distance)?[] Match(
        IReadOnlyList<SiteRecord> current, IReadOnlyList<SiteRecord> prior, Func<string?, string?, Matrix4?> transform)
    {
        var result = new (SiteRecord, string, double?)?[current.Count];
        var used = new HashSet<int>();
        for (var i = 0; i < current.Count; i++)
        {
            var j = prior.ToList().FindIndex(p => string.Equals(p.RoiName.Trim(), current[i].RoiName.Trim(), StringComparison.OrdinalIgnoreCase));
            if (j >= 0 && used.Add(j))
            {
                result[i] = (prior[j], "label", Distance(current[i], prior[j], transform));
            }
        }

        var candidates = new List<(int I, int J, double D)>();
        for (var i = 0; i < current.Count; i++)
        {
            if (result[i] is not null)
            {
                continue;
            }

            for (var j = 0; j < prior.Count; j++)
            {
                if (!used.Contains(j) && Distance(current[i], prior[j], transform) is { } d && d <= MaxMatchDistanceMm)
                {
                    candidates.Add((i, j, d));
                }
            }
        }

        foreach (var (i, j, d) in candidates.OrderBy(c => c.D))
        {
            if (result[i] is null && !used.Contains(j))
            {
                used.Add(j);
                result[i] = (prior[j], "distance", d);
            }
        }

        return result;
    }

    private static double? Distance(SiteRecord now, SiteRecord before, Func<string?, string?, Matrix4?> transform)
    {
        if (now.CentroidMm is not { Count: 3 } a || before.CentroidMm is not { Count: 3 } b || now.Unregistered || before.Unregistered)
        {
            return null;
        }

        if (transform(before.FrameOfReferenceUid, now.FrameOfReferenceUid) is not { } m)
        {
            return null;
        }

        var moved = m.Transform(new Vector3Mm(b[0], b[1], b[2]));
        return (moved - new Vector3Mm(a[0], a[1], a[2])).Length;
    }

    private static ProgressionRecord Judge(SiteRecord now, (SiteRecord Site, string By, double? Distance)? match, string baselineStudy)
    {
        var node = IsNode(now);
        if (match is not { } m)
        {
            if (node && now.ShortAxisMm is < 10)
            {
                return new ProgressionRecord
                {
                    Status = ProgressionStatus.Stable,
                    BaselineStudyUid = baselineStudy,
                    Criterion = "RECIST 1.1",
                    Reason = "unmatched node with short axis below 10 mm (normal size)",
                };
            }

            return new ProgressionRecord
            {
                Status = ProgressionStatus.New,
                BaselineStudyUid = baselineStudy,
                Criterion = "new lesion",
                NewFdgAvidity = now.SuvMax is >= AvidSuvMax ? true : null,
                Reason = "no matching lesion at the prior timepoint",
            };
        }

        var before = m.Site;
        double? measureNow = node ? now.ShortAxisMm : now.LongestDiameterMm;
        double? measureBefore = node ? before.ShortAxisMm : before.LongestDiameterMm;
        double? changeMm = measureNow - measureBefore;
        double? changePct = measureBefore is > 0 ? 100 * changeMm / measureBefore : null;
        var peakNow = now.SulPeak ?? now.SuvPeak;
        var peakBefore = now.SulPeak is not null ? before.SulPeak : before.SuvPeak;
        double? peakPct = peakBefore is > 0 && peakNow is not null ? 100 * (peakNow - peakBefore) / peakBefore : null;
        bool? newAvidity = before.SuvMax is not null && now.SuvMax is not null
            ? before.SuvMax < AvidSuvMax && now.SuvMax >= AvidSuvMax
            : null;

        ProgressionStatus status;
        string criterion;
        string reason;
        if (node && measureBefore is < 10 && measureNow is >= 10)
        {
            (status, criterion, reason) = (ProgressionStatus.New, "RECIST 1.1", "node newly ≥ 10 mm short axis");
        }
        else if (changeMm is >= 5 && changePct is >= 20)
        {
            (status, criterion, reason) = (ProgressionStatus.Progressing, "RECIST 1.1", Invariant($"{(node ? "short axis" : "longest diameter")} +{changeMm:0.0} mm (+{changePct:0} %)"));
        }
        else if (newAvidity == true)
        {
            (status, criterion, reason) = (ProgressionStatus.Progressing, "PET new avidity", Invariant($"SUVmax {before.SuvMax:0.00} → {now.SuvMax:0.00}"));
        }
        else if (peakPct is >= 30 && peakNow - peakBefore >= 0.8)
        {
            (status, criterion, reason) = (ProgressionStatus.Progressing, "PERCIST 1.0", Invariant($"{(now.SulPeak is not null ? "SULpeak" : "SUVpeak")} +{peakPct:0} % (+{peakNow - peakBefore:0.00})"));
        }
        else if (changePct is <= -30)
        {
            (status, criterion, reason) = (ProgressionStatus.Responding, "RECIST 1.1", Invariant($"diameter {changePct:0} %"));
        }
        else
        {
            (status, criterion, reason) = (ProgressionStatus.Stable, "RECIST 1.1", changePct is null ? "no measurable change" : Invariant($"diameter {changePct:+0;-0;0} %"));
        }

        return new ProgressionRecord
        {
            Status = status,
            BaselineStudyUid = baselineStudy,
            BaselineSiteId = before.SiteId,
            MatchedBy = m.By,
            MatchDistanceMm = m.Distance,
            BaselineLongestDiameterMm = before.LongestDiameterMm,
            BaselineShortAxisMm = before.ShortAxisMm,
            DiameterChangeMm = changeMm,
            DiameterChangePercent = changePct,
            BaselineSuvPeak = before.SuvPeak,
            SuvPeakChangePercent = peakPct,
            NewFdgAvidity = newAvidity,
            Criterion = criterion,
            Reason = reason,
        };
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
