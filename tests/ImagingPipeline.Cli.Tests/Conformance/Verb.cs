namespace ImagingPipeline.Cli.Tests.Conformance;

/// <summary>Runs a CLI verb in-process with captured output.</summary>
internal static class Verb
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(CommandLine.Verb verb, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await verb.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
