using ImagingPipeline.Worker.Auth;
using ImagingPipeline.Worker.Index;
using Microsoft.Extensions.Configuration;

namespace ImagingPipeline.Cli.Commands;

/// <summary>
/// `users add NAME --role radiotherapist|admin --password-stdin`, `users list`, `users remove NAME`:
/// local accounts of the review page, in the same index database as the worker (Storage:Root's
/// index.db, or ConnectionStrings:Postgres), read from appsettings.json in the current folder,
/// environment variables (Storage__Root, ConnectionStrings__Postgres) and --Key value options.
/// </summary>
internal static class UsersCommand
{
    public static readonly CommandLine.Verb Verb = new("users",
        "users add NAME --role radiotherapist|admin --password-stdin | users list | users remove NAME   [--Storage:Root DIR] [--ConnectionStrings:Postgres CS]",
        (args, stdout, stderr) => RunAsync(args, Console.In, stdout, stderr));

    internal static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        string? role = null;
        var passwordStdin = false;
        var positional = new List<string>();
        var settings = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--role" when i + 1 < args.Length:
                    role = args[++i];
                    break;
                case "--password-stdin":
                    passwordStdin = true;
                    break;
                case var s when s.StartsWith("--", StringComparison.Ordinal) && s.Contains(':', StringComparison.Ordinal):
                    settings.Add(s);
                    if (!s.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                    {
                        settings.Add(args[++i]);
                    }

                    break;
                case var s when s.StartsWith('-'):
                    return await UsageAsync(stderr, $"unknown option '{s}'").ConfigureAwait(false);
                default:
                    positional.Add(args[i]);
                    break;
            }
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. settings])
            .Build();
        var postgres = configuration.GetConnectionString("Postgres");
        await using var db = string.IsNullOrWhiteSpace(postgres)
            ? IndexDatabase.ForSqlite(Path.Combine(Path.GetFullPath(configuration["Storage:Root"] ?? "./data"), "index.db"))
            : IndexDatabase.ForPostgres(postgres);
        var users = new UserStore(db, TimeProvider.System);
        try
        {
            switch (positional)
            {
                case ["list"]:
                    foreach (var user in await users.ListAsync(CancellationToken.None).ConfigureAwait(false))
                    {
                        await stdout.WriteLineAsync($"{user.Name}\t{user.Role}\t{user.Created:yyyy-MM-ddTHH:mm:ssZ}").ConfigureAwait(false);
                    }

                    return 0;
                case ["remove", var name]:
                    if (await users.RemoveAsync(name, CancellationToken.None).ConfigureAwait(false))
                    {
                        await stdout.WriteLineAsync($"removed {name}").ConfigureAwait(false);
                        return 0;
                    }

                    await stderr.WriteLineAsync($"users: no user '{name}'").ConfigureAwait(false);
                    return 1;
                case ["add", var name]:
                    if (role is null || !passwordStdin)
                    {
                        return await UsageAsync(stderr, "add needs --role and --password-stdin").ConfigureAwait(false);
                    }

                    var password = (await stdin.ReadLineAsync().ConfigureAwait(false))?.TrimEnd('\r') ?? "";
                    if (password.Length < 8)
                    {
                        await stderr.WriteLineAsync("users: the password on stdin must have at least 8 characters").ConfigureAwait(false);
                        return 1;
                    }

                    var created = await users.AddOrReplaceAsync(name, role, password, CancellationToken.None).ConfigureAwait(false);
                    await stdout.WriteLineAsync($"{(created ? "added" : "updated")} {name} ({role})").ConfigureAwait(false);
                    return 0;
                default:
                    return await UsageAsync(stderr, "expected add, list or remove").ConfigureAwait(false);
            }
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync($"users: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (System.Data.Common.DbException ex)
        {
            await stderr.WriteLineAsync($"users: database error ({db.Description}): {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<int> UsageAsync(TextWriter stderr, string problem)
    {
        await stderr.WriteLineAsync($"users: {problem}\nusage: imagingpipeline {Verb.Usage}").ConfigureAwait(false);
        return 2;
    }
}
