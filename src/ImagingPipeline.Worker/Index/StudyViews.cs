namespace ImagingPipeline.Worker.Index;

/// <summary>A study in the list view.</summary>
internal sealed record StudySummary(
    string StudyInstanceUid, string PatientId, string? StudyDate, string? AccessionNumber, string? Description,
    string State, string? StateReason, int Version, int SeriesCount, int InstanceCount,
    DateTimeOffset FirstReceived, DateTimeOffset LastReceived);

/// <summary>A page of studies.</summary>
internal sealed record StudyPage(int Page, int PageSize, long Total, IReadOnlyList<StudySummary> Items);

/// <summary>One series with its instance count.</summary>
internal sealed record SeriesSummary(
    string SeriesInstanceUid, string? Modality, string? SeriesNumber, string? Description,
    string? FrameOfReferenceUid, int? NumberOfSlices, int InstanceCount);

/// <summary>One state transition.</summary>
internal sealed record StudyHistoryEntry(string? From, string To, string? Reason, int Version, DateTimeOffset At);

/// <summary>A study with its series and history.</summary>
internal sealed record StudyDetail(StudySummary Study, IReadOnlyList<SeriesSummary> Series, IReadOnlyList<StudyHistoryEntry> History);

/// <summary>Filters of GET /api/studies.</summary>
internal sealed record StudyQuery(string? PatientId, string? State, string? FromDate, string? ToDate, int Page, int PageSize);
