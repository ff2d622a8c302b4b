namespace ImagingPipeline.Cli;

/// <summary>
/// Verb dispatch for the `imagingpipeline` command. Each verb lives in its own file under
/// Commands/ and is registered in <see cref="Verbs"/>. Exit code 0 only on success.
/// </summary>
internal static class CommandLine
{
    /// <summary>A verb: name, one-line usage, and the code that runs it.</summary>
    internal sealed record Verb(string Name, string Usage, Func<string[], TextWriter, TextWriter, Task<int>> Run);

    /// <summary>Every verb the CLI knows, in the order the usage text lists them.</summary>
    internal static readonly List<Verb> Verbs =
    [
        Commands.DumpCommand.Verb, Commands.ConvertCommand.Verb, Commands.EchoCommand.Verb, Commands.SendCommand.Verb,
        Commands.StoreScpCommand.Verb, Commands.ExtractCommand.Verb, Commands.MakeSampleCommand.Verb, Commands.UsersCommand.Verb,
    ];

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await PrintUsageAsync(args.Length == 0 ? stderr : stdout).ConfigureAwait(false);
            return args.Length == 0 ? 2 : 0;
        }

        var verb = Verbs.Find(v => v.Name == args[0]);
        if (verb is null)
        {
            await stderr.WriteLineAsync($"imagingpipeline: unknown command '{args[0]}'").ConfigureAwait(false);
            await PrintUsageAsync(stderr).ConfigureAwait(false);
            return 2;
        }

        return await verb.Run(args[1..], stdout, stderr).ConfigureAwait(false);
    }

    private static async Task PrintUsageAsync(TextWriter writer)
    {
        await writer.WriteLineAsync("usage: imagingpipeline <command> [options]").ConfigureAwait(false);
        foreach (var verb in Verbs)
        {
            await writer.WriteLineAsync($"  {verb.Usage}").ConfigureAwait(false);
        }
    }
}
