namespace ImagingPipeline.Cli.Commands;

/// <summary>Options shared by the network verbs.</summary>
internal sealed class NetworkArguments
{
    public List<string> Positional { get; } = [];
    public string CalledAe { get; private set; } = "ANY-SCP";
    public string CallingAe { get; private set; } = "IMAGINGPIPE";
    public string? Host { get; private set; }
    public string? Port { get; private set; }

    /// <summary>Parses the arguments; null (after a message on stderr) when an option lacks its value or is unknown.</summary>
    public static NetworkArguments? Parse(string[] args, TextWriter stderr)
    {
        var result = new NetworkArguments();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                result.Positional.Add(args[i]);
                continue;
            }

            if (i + 1 >= args.Length)
            {
                stderr.WriteLine($"option {args[i]} needs a value");
                return null;
            }

            var value = args[++i];
            switch (args[i - 1])
            {
                case "--called-ae": result.CalledAe = value; break;
                case "--calling-ae": result.CallingAe = value; break;
                case "--host": result.Host = value; break;
                case "--port": result.Port = value; break;
                default:
                    stderr.WriteLine($"unknown option {args[i - 1]}");
                    return null;
            }
        }

        return result;
    }
}
