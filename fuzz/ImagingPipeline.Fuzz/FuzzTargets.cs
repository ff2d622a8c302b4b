namespace ImagingPipeline.Fuzz;

/// <summary>
/// The harnesses by name. Each takes the whole fuzz input and returns normally when the toolkit handled it,
/// whether it accepted the input or refused it with its own error for malformed data. Any other exception
/// escapes: afl-fuzz records it as a crash.
/// </summary>
internal static class FuzzTargets
{
    public static IReadOnlyList<string> Names { get; } = ["part10", "pdu", "extraction"];

    public static Action<Stream>? Find(string name) => name switch
    {
        "part10" => stream => Part10Target.Run(ReadAll(stream)),
        "pdu" => stream => PduTarget.Run(ReadAll(stream)),
        "extraction" => stream => _ = ExtractionTarget.Run(ReadAll(stream)),
        _ => null,
    };

    /// <summary>The whole input; afl-fuzz keeps inputs under 1 MiB.</summary>
    public static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
