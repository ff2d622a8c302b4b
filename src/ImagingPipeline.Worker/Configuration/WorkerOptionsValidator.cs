using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Configuration;

/// <summary>Start-up validation of the worker's options with messages naming the key.</summary>
internal sealed class WorkerOptionsValidator :
    IValidateOptions<StorageOptions>, IValidateOptions<StudiesOptions>, IValidateOptions<DicomOptions>
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
        var ae = options.AeTitle ?? "";
        if (ae.Trim().Length == 0 || ae.Length > 16 || ae.Any(c => c == '\\' || char.IsControl(c) || c > 0x7E))
        {
            errors.Add($"Dicom:AeTitle must be 1-16 printable ASCII characters without a backslash (PS3.5 6.2, AE); got '{ae}'.");
        }

        if (options.Port is < 0 or > 65535)
        {
            errors.Add($"Dicom:Port must be 0-65535 (got {options.Port}).");
        }

        if (options.MaxAssociations < 1)
        {
            errors.Add($"Dicom:MaxAssociations must be at least 1 (got {options.MaxAssociations}).");
        }

        return Result(errors);
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
