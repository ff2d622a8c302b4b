namespace ImagingPipeline.Worker.Audit;

/// <summary>The audit trail's options (configuration section <c>Audit</c>).</summary>
internal sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>DICOM audit messages (PS3.15 A.5) over syslog; off while <see cref="SyslogAuditOptions.Host"/> is empty.</summary>
    public SyslogAuditOptions Syslog { get; set; } = new();
}

/// <summary>Where DICOM audit messages go (<c>Audit:Syslog:*</c>): RFC 5424 messages over UDP (RFC 5426) or TCP (octet-counted).</summary>
internal sealed class SyslogAuditOptions
{
    /// <summary>The audit record repository's host name or address; empty: no audit messages are sent.</summary>
    public string? Host { get; set; }

    /// <summary>Its port (514, the syslog port, by default).</summary>
    public int Port { get; set; } = 514;

    /// <summary><c>udp</c> (one message per datagram) or <c>tcp</c> (octet counting).</summary>
    public string Protocol { get; set; } = "udp";

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public bool IsTcp => string.Equals(Protocol?.Trim(), "tcp", StringComparison.OrdinalIgnoreCase);
}
