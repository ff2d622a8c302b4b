namespace ImagingPipeline.Worker.Auth;

/// <summary>A local account as listed (never with its hash).</summary>
internal sealed record UserAccount(string Name, string Role, DateTimeOffset Created);
