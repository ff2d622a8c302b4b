using ImagingPipeline.Contracts;

namespace ImagingPipeline.Consumers;

/// <summary>Source-generated log events of the reference consumers (ids 6000–6099).</summary>
internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Debug, "Message {MessageId} already processed; dropped")]
    public static partial void Duplicate(ILogger logger, Guid messageId);

    [LoggerMessage(6001, LogLevel.Information, "Message {MessageId} is superseded by a later version; ignored")]
    public static partial void Superseded(ILogger logger, Guid messageId);

    [LoggerMessage(6002, LogLevel.Information, "Review {MessageId} arrived before its assessment; answer deferred")]
    public static partial void AwaitingAssessment(ILogger logger, Guid messageId);

    [LoggerMessage(6003, LogLevel.Information, "Published imaging eligibility answer version {Version}: {Status}")]
    public static partial void Answered(ILogger logger, int version, CriterionStatus status);

    [LoggerMessage(6004, LogLevel.Information, "SBRT worklist updated: {Count} target site(s) for the study")]
    public static partial void Worklist(ILogger logger, int count);
}
