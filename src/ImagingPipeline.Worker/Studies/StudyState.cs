namespace ImagingPipeline.Worker.Studies;

/// <summary>Names of the study states stored in studies.state.</summary>
internal static class StudyState
{
    /// <summary>Instances are arriving.</summary>
    public const string Receiving = "Receiving";

    /// <summary>Closed (quiet period elapsed or content whole); a job will process it.</summary>
    public const string Complete = "Complete";

    /// <summary>A worker has claimed it and is processing it.</summary>
    public const string Extracting = "Extracting";

    /// <summary>Processed; results recorded.</summary>
    public const string Extracted = "Extracted";

    /// <summary>Results published on the bus.</summary>
    public const string Published = "Published";

    /// <summary>Processing failed; studies.state_reason says why.</summary>
    public const string Failed = "Failed";

    public static readonly IReadOnlyList<string> All = [Receiving, Complete, Extracting, Extracted, Published, Failed];

    public static bool IsKnown(string state) => All.Contains(state, StringComparer.Ordinal);
}
