namespace ImagingPipeline.Contracts.Tests.Schemas;

/// <summary>Example messages: every field set (Full) and only what is required (Minimal).</summary>
internal static class ContractExamples
{
    public static readonly Type[] MessageTypes =
    [
        typeof(StudyReceived), typeof(ProgressiveSiteIdentified), typeof(OligoProgressionAssessed),
        typeof(SiteReviewCompleted), typeof(ImagingEligibilityAssessed),
    ];

    private const string Study = "1.2.826.0.1.3680043.8.498.10";
    private static readonly DateTimeOffset At = new(2026, 3, 2, 14, 5, 0, TimeSpan.Zero);

    public static SiteRecord Site => new()
    {
        SiteId = "1.2.826.0.1.3680043.8.498.13/3",
        RoiNumber = 3,
        RoiName = "GTVn2_4R",
        InterpretedType = "GTV",
        Color = [255, 128, 0],
        IsIntracranial = false,
        Organ = "lymph node",
        Laterality = "R",
        LymphNodeStation = "4R",
        NodalRegion = "upper-R",
        SiteSource = "roi-name",
        CentroidMm = [28.5, -12.25, 104],
        BoundingBoxMm = [20, -20, 95, 37, -4.5, 113],
        VolumeCc = 4.2,
        MaskVolumeCc = 4.0,
        LongestDiameterMm = 24.1,
        ShortAxisMm = 16.3,
        PlaneCount = 7,
        SuvMax = 9.8,
        SuvPeak = 7.6,
        SuvMean = 5.1,
        SulPeak = 5.9,
        MtvCc = 4.0,
        Tlg = 20.4,
        FrameOfReferenceUid = "1.2.826.0.1.3680043.8.498.11",
        ReferencedSeriesUid = "1.2.826.0.1.3680043.8.498.12",
        PetSeriesUid = "1.2.826.0.1.3680043.8.498.14",
        Unregistered = false,
        Progression = new Progression
        {
            Status = ProgressionStatus.Progressing,
            BaselineStudyUid = "1.2.826.0.1.3680043.8.498.1",
            BaselineSiteId = "1.2.826.0.1.3680043.8.498.3/3",
            MatchedBy = "label",
            MatchDistanceMm = 3.2,
            BaselineLongestDiameterMm = 15.0,
            BaselineShortAxisMm = 9.0,
            DiameterChangePercent = 81.1,
            DiameterChangeMm = 7.3,
            BaselineSuvPeak = 3.1,
            SuvPeakChangePercent = 145.2,
            NewFdgAvidity = true,
            Criterion = "RECIST 1.1",
            Reason = "short axis 9.0 → 16.3 mm (+81 %, +7.3 mm)",
        },
        Warnings = ["PET mask volume differs from the polygon volume by more than 20 %"],
    };

    public static object Full(string message) => message switch
    {
        nameof(StudyReceived) => new StudyReceived
        {
            StudyInstanceUid = Study,
            PatientId = "PAT-0042",
            Version = 2,
            IssuerOfPatientId = "HOSP-A",
            StudyDate = new DateOnly(2026, 3, 2),
            Modalities = ["CT", "PT", "RTSTRUCT"],
            SeriesCount = 3,
            InstanceCount = 412,
            CompletedAt = At,
            CompletionReason = "content complete (PET slice counts, structure set references)",
        },
        nameof(ProgressiveSiteIdentified) => new ProgressiveSiteIdentified
        {
            StudyInstanceUid = Study, PatientId = "PAT-0042", Version = 2, Site = Site, SiteIndex = 0, SiteCount = 1,
        },
        nameof(OligoProgressionAssessed) => new OligoProgressionAssessed
        {
            StudyInstanceUid = Study,
            PatientId = "PAT-0042",
            Version = 2,
            SupersedesVersion = 1,
            IssuerOfPatientId = "HOSP-A",
            AssessedAt = At,
            ExtractorVersion = "ImagingPipeline.Extraction 0.1.0",
            StudiesUsed = [new StudyReference { StudyInstanceUid = Study, Role = "current-pet-ct", StudyDate = new DateOnly(2026, 3, 2), Reason = "same study" }],
            BaselineStudyUid = "1.2.826.0.1.3680043.8.498.1",
            ExtracranialSiteCount = 1,
            IntracranialLesionCount = 0,
            NodalRegionCount = 1,
            AllSitesReviewed = false,
            Recist = new RecistSummary
            {
                CurrentSumMm = 16.3, BaselineSumMm = 9.0, NadirSumMm = 9.0, ChangeFromNadirPercent = 81.1, ChangeFromNadirMm = 7.3, Progression = true,
            },
            Sites = [Site],
            NonLesionRois = ["PTV_4R", "Lung_L", "zOpt_Ring"],
            Warnings = ["birth date differs between studies of this patient ID"],
        },
        nameof(SiteReviewCompleted) => new SiteReviewCompleted
        {
            StudyInstanceUid = Study,
            PatientId = "PAT-0042",
            Version = 1,
            AssessmentVersion = 2,
            ReviewedBy = "rt.jones",
            ReviewedAt = At,
            Decisions =
            [
                new SiteDecision
                {
                    SiteId = Site.SiteId, Progressive = true, SbrtSuitable = true, Reason = "single field", NodalRegionOverride = "upper-R",
                    MergedInto = null, CountedSeparately = false,
                },
            ],
            ExtracranialSiteCount = 1,
            IntracranialLesionCount = 0,
        },
        nameof(ImagingEligibilityAssessed) => new ImagingEligibilityAssessed
        {
            StudyInstanceUid = Study,
            PatientId = "PAT-0042",
            Version = 3,
            AssessmentVersion = 2,
            ReviewVersion = 1,
            Criteria = [new CriterionResult { Code = "extracranial-sites-le-5", Description = "At most 5", Status = CriterionStatus.Met, Reason = "1 site" }],
            ImagingCriteria = CriterionStatus.Met,
            EvaluatedAt = At,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(message), message, "not a message"),
    };

    public static object Minimal(string message) => message switch
    {
        nameof(StudyReceived) => new StudyReceived { StudyInstanceUid = Study, PatientId = "P", Version = 1 },
        nameof(ProgressiveSiteIdentified) => new ProgressiveSiteIdentified
        {
            StudyInstanceUid = Study, PatientId = "P", Version = 1, Site = new SiteRecord { SiteId = "s/1", RoiNumber = 1, RoiName = "GTV" },
        },
        nameof(OligoProgressionAssessed) => new OligoProgressionAssessed { StudyInstanceUid = Study, PatientId = "P", Version = 1 },
        nameof(SiteReviewCompleted) => new SiteReviewCompleted
        {
            StudyInstanceUid = Study, PatientId = "P", Version = 1, AssessmentVersion = 1, ReviewedBy = "rt",
            Decisions = [new SiteDecision { SiteId = "s/1" }],
        },
        nameof(ImagingEligibilityAssessed) => new ImagingEligibilityAssessed
        {
            StudyInstanceUid = Study, PatientId = "P", Version = 1, AssessmentVersion = 1,
            Criteria = [new CriterionResult { Code = "c", Description = "d" }],
        },
        _ => throw new ArgumentOutOfRangeException(nameof(message), message, "not a message"),
    };
}
