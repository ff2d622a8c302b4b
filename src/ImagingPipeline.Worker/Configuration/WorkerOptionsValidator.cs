using System.Globalization;
using System.Net;
using ImagingPipeline.Dicom;
using ImagingPipeline.Worker.Audit;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Configuration;

/// <summary>Start-up validation of the worker's options with messages naming the key.</summary>
internal sealed class WorkerOptionsValidator :
    IValidateOptions<StorageOptions>, IValidateOptions<StudiesOptions>, IValidateOptions<DicomOptions>, IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Root))
        {
            errors.Add("Storage:Root must name a folder.");
        }
        else if (options.Root.Contains('\0', StringComparison.Ordinal))
        {
            errors.Add("Storage:Root contains a NUL character.");
        }

        if (options.MinimumFreeSpace < 0)
        {
            errors.Add($"Storage:MinimumFreeSpace must be zero or more bytes (got {options.MinimumFreeSpace}).");
        }

        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, StudiesOptions options)
    {
        var errors = new List<string>();
        Positive(errors, "Studies:QuietPeriod", options.QuietPeriod);
        Positive(errors, "Studies:GracePeriod", options.GracePeriod);
        Positive(errors, "Studies:SweepInterval", options.SweepInterval);
        Positive(errors, "Studies:ProcessingLease", options.ProcessingLease);
        if (options.GracePeriod > options.QuietPeriod)
        {
            errors.Add($"Studies:GracePeriod ({options.GracePeriod}) must not exceed Studies:QuietPeriod ({options.QuietPeriod}).");
        }

        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, DicomOptions options)
    {
        var errors = new List<string>();
        AeTitle(errors, "Dicom:AeTitle", options.AeTitle);
        for (var i = 0; i < options.AdditionalAeTitles.Count; i++)
        {
            AeTitle(errors, $"Dicom:AdditionalAeTitles:{i}", options.AdditionalAeTitles[i]);
        }

        for (var i = 0; i < options.CallingAeAllowList.Count; i++)
        {
            AeTitle(errors, $"Dicom:CallingAeAllowList:{i}", options.CallingAeAllowList[i]);
        }

        PortNumber(errors, "Dicom:Port", options.Port);
        if (!string.IsNullOrWhiteSpace(options.BindAddress) && !IPAddress.TryParse(options.BindAddress, out _))
        {
            errors.Add($"Dicom:BindAddress must be an IP address such as 127.0.0.1 or :: (got '{options.BindAddress}').");
        }

        for (var i = 0; i < options.SourceAddressAllowList.Count; i++)
        {
            if (!IPAddress.TryParse(options.SourceAddressAllowList[i], out _))
            {
                errors.Add($"Dicom:SourceAddressAllowList:{i} must be an IP address (got '{options.SourceAddressAllowList[i]}').");
            }
        }

        if (options.MaxAssociations < 1)
        {
            errors.Add($"Dicom:MaxAssociations must be at least 1 (got {options.MaxAssociations}).");
        }

        if (options.MaxPduLength is < 4096 or > 16 << 20)
        {
            errors.Add($"Dicom:MaxPduLength must be 4096-16777216 bytes (got {options.MaxPduLength}).");
        }

        Positive(errors, "Dicom:ArtimTimeout", options.ArtimTimeout);
        Positive(errors, "Dicom:IdleTimeout", options.IdleTimeout);
        for (var i = 0; i < options.TransferSyntaxPreference.Count; i++)
        {
            var uid = options.TransferSyntaxPreference[i];
            if (uid is not (DicomUids.ExplicitVRLittleEndian or DicomUids.ImplicitVRLittleEndian or DicomUids.DeflatedExplicitVRLittleEndian
                or DicomUids.ExplicitVRBigEndian))
            {
                errors.Add($"Dicom:TransferSyntaxPreference:{i} must be one of the uncompressed transfer syntaxes "
                    + $"{DicomUids.ExplicitVRLittleEndian}, {DicomUids.ImplicitVRLittleEndian}, {DicomUids.DeflatedExplicitVRLittleEndian}, "
                    + $"{DicomUids.ExplicitVRBigEndian} (got '{uid}'); compressed ones follow Dicom:AcceptCompressedSyntaxes.");
            }
        }

        var tls = options.Tls;
        if (tls.Enabled)
        {
            PortNumber(errors, "Dicom:Tls:Port", tls.Port);
            if (tls.Port != 0 && tls.Port == options.Port)
            {
                errors.Add($"Dicom:Tls:Port must differ from Dicom:Port (both {tls.Port}).");
            }

            ExistingFile(errors, "Dicom:Tls:CertificatePath", tls.CertificatePath);
            ExistingFile(errors, "Dicom:Tls:KeyPath", tls.KeyPath);
            ExistingFile(errors, "Dicom:Tls:TrustedClientCertificatesPath", tls.TrustedClientCertificatesPath);
        }
        else if (tls.RequireClientCertificate || !string.IsNullOrWhiteSpace(tls.KeyPath))
        {
            errors.Add("Dicom:Tls:CertificatePath must be set when other Dicom:Tls keys are (TLS is on only with a server certificate).");
        }

        foreach (var (ae, address) in options.StorageCommitment.Peers)
        {
            AeTitle(errors, $"Dicom:StorageCommitment:Peers key", ae);
            if (ParseHostPort(address) is null)
            {
                errors.Add($"Dicom:StorageCommitment:Peers:{ae} must be host:port (got '{address}').");
            }
        }

        if (options.StorageCommitment.ReportAttempts < 1)
        {
            errors.Add($"Dicom:StorageCommitment:ReportAttempts must be at least 1 (got {options.StorageCommitment.ReportAttempts}).");
        }

        Positive(errors, "Dicom:StorageCommitment:RetryDelay", options.StorageCommitment.RetryDelay);
        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var syslog = options.Syslog;
        var protocol = syslog.Protocol?.Trim();
        if (!string.Equals(protocol, "udp", StringComparison.OrdinalIgnoreCase) && !string.Equals(protocol, "tcp", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Audit:Syslog:Protocol must be udp or tcp (got '{syslog.Protocol}').");
        }

        if (syslog.Port is < 1 or > 65535)
        {
            errors.Add($"Audit:Syslog:Port must be 1-65535 (got {syslog.Port}).");
        }

        if (syslog.Enabled && (syslog.Host!.Trim().Length != syslog.Host.Length || syslog.Host.Any(char.IsWhiteSpace)))
        {
            errors.Add($"Audit:Syslog:Host must be a host name or IP address without spaces (got '{syslog.Host}').");
        }

        return Result(errors);
    }

    /// <summary><c>host:port</c> or <c>[v6]:port</c>; null when it is not one.</summary>
    internal static DnsEndPoint? ParseHostPort(string? value)
    {
        var colon = value?.LastIndexOf(':') ?? -1;
        if (value is null || colon <= 0
            || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return null;
        }

        var host = value[..colon].Trim('[', ']');
        return host.Length == 0 || host.Any(char.IsWhiteSpace) ? null : new DnsEndPoint(host, port);
    }

    private static void AeTitle(List<string> errors, string key, string? ae)
    {
        ae ??= "";
        if (ae.Trim().Length == 0 || ae.Length > 16 || ae.Any(c => c == '\\' || char.IsControl(c) || c > 0x7E))
        {
            errors.Add($"{key} must be 1-16 printable ASCII characters without a backslash (PS3.5 6.2, AE); got '{ae}'.");
        }
    }

    private static void PortNumber(List<string> errors, string key, int port)
    {
        if (port is < 0 or > 65535)
        {
            errors.Add($"{key} must be 0-65535 (got {port}).");
        }
    }

    private static void ExistingFile(List<string> errors, string key, string? path)
    {
        if (!string.IsNullOrWhiteSpace(path) && !File.Exists(path))
        {
            errors.Add($"{key}: file '{path}' does not exist.");
        }
    }

    private static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{key} must be a positive time span such as 00:01:00 (got {value}).");
        }
    }

    private static ValidateOptionsResult Result(List<string> errors) =>
        errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
}
