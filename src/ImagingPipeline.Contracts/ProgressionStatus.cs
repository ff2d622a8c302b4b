using System.Text.Json.Serialization;

namespace ImagingPipeline.Contracts;

/// <summary>Per-lesion status against the prior timepoint (DOMAIN §7). Serialized as its name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProgressionStatus>))]
public enum ProgressionStatus
{
    /// <summary>No prior timepoint to compare with.</summary>
    Unknown = 0,

    /// <summary>Not present at the prior timepoint (or a node newly ≥ 10 mm short axis, or PET newly avid).</summary>
    New,

    /// <summary>Grew beyond the thresholds (RECIST 1.1 per lesion: +20 % and +5 mm; PERCIST: SULpeak +30 % and +0.8).</summary>
    Progressing,

    /// <summary>Neither progressing nor responding.</summary>
    Stable,

    /// <summary>Shrank by at least 30 % in diameter (or PET response).</summary>
    Responding,
}
