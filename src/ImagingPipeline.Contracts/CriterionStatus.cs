using System.Text.Json.Serialization;

namespace ImagingPipeline.Contracts;

/// <summary>The state of one imaging criterion. Serialized as its name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CriterionStatus>))]
public enum CriterionStatus
{
    AwaitingReview = 0,
    Met,
    NotMet,
}
