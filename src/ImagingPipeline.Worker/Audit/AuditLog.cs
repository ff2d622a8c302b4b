namespace ImagingPipeline.Worker.Audit;

/// <summary>Audit trail events 7500-7599. No patient data: audit messages carry it, the log never does.</summary>
internal static partial class AuditLog
{
    [LoggerMessage(7500, LogLevel.Warning, "Could not write the audit record of association {AssociationId}: {Reason}")]
    public static partial void RecordFailed(ILogger logger, Guid associationId, string reason);

    [LoggerMessage(7501, LogLevel.Warning, "Audit record queue full ({Capacity}); {Dropped} association records dropped so far")]
    public static partial void RecordQueueFull(ILogger logger, int capacity, long dropped);

    [LoggerMessage(7502, LogLevel.Warning, "Audit observer failed on an association event: {Reason}")]
    public static partial void ObserverFailed(ILogger logger, string reason);

    [LoggerMessage(7510, LogLevel.Warning, "Could not send an audit message to syslog {Host}:{Port}: {Reason}")]
    public static partial void SyslogSendFailed(ILogger logger, string host, int port, string reason);

    [LoggerMessage(7511, LogLevel.Warning, "Syslog audit queue full ({Capacity}); {Dropped} audit messages dropped so far")]
    public static partial void SyslogQueueFull(ILogger logger, int capacity, long dropped);

    [LoggerMessage(7512, LogLevel.Warning, "Stopped before every queued audit message reached syslog")]
    public static partial void SyslogStopTimedOut(ILogger logger);

    [LoggerMessage(7513, LogLevel.Information, "DICOM audit messages go to syslog {Host}:{Port} over {Protocol}")]
    public static partial void SyslogEnabled(ILogger logger, string host, int port, string protocol);
}
