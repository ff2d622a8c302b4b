using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImagingPipeline.TestSupport.Environment;
using ImagingPipeline.Worker.Tests.Support;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace ImagingPipeline.Worker.Tests.Host;

/// <summary>
/// docker-compose.yml, the Dockerfile and the PACS configuration they mount, without Docker (not on
/// these machines): the YAML parses, every service the README promises is there with a health check,
/// the worker's settings are keys the README documents and a worker starts with them, and the PACS,
/// the worker and the published ports agree on AE title, host and port.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly string Root = RepositoryPaths.RepositoryRoot;

    [Fact]
    public void The_compose_file_has_every_service_with_a_health_check_and_its_volumes_declared()
    {
        var compose = Load();
        var services = (YamlMappingNode)compose.Children[new YamlScalarNode("services")];
        var names = services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(["rabbitmq", "postgres", "orthanc", "orthanc-load-sample", "worker", "consumers"], StringComparer.Ordinal), names);

        var declared = ((YamlMappingNode)compose.Children[new YamlScalarNode("volumes")]).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet(StringComparer.Ordinal);
        foreach (var name in names.Where(n => n != "orthanc-load-sample"))
        {
            var service = Service(compose, name);
            var test = Assert.IsType<YamlSequenceNode>(((YamlMappingNode)service.Children[new YamlScalarNode("healthcheck")]).Children[new YamlScalarNode("test")]);
            Assert.True(test.Children.Count >= 2, $"{name}: a health check command");
            foreach (var volume in Sequence(service, "volumes"))
            {
                var source = volume.Split(':')[0];
                if (source.StartsWith("./", StringComparison.Ordinal))
                {
                    Assert.True(File.Exists(Path.Combine(Root, source)) || Directory.Exists(Path.Combine(Root, source)), $"{name} mounts {source}, which is not in the repository");
                }
                else
                {
                    Assert.Contains(source, declared);
                }
            }
        }

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(Root, "sample-dicom"), "*.dcm", SearchOption.AllDirectories)); // what the PACS is loaded with
    }

    [Fact]
    public async Task The_workers_settings_in_the_compose_file_are_documented_keys_and_a_worker_starts_with_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var environment = Environment(Service(Load(), "worker"));
        var readme = await File.ReadAllTextAsync(Path.Combine(Root, "README.md"), ct);
        foreach (var key in environment.Keys.Where(k => k != "Urls"))
        {
            Assert.True(readme.Contains($"`{key}`", StringComparison.Ordinal), $"the compose file sets {key}, which the README's configuration tables do not document");
        }

        // The same settings on this machine: the servers' connection strings and the paths replaced
        // by the embedded default, everything else as the compose file has it.
        using var root = new TempDirectory();
        var settings = environment.Where(kv => !kv.Key.StartsWith("ConnectionStrings:", StringComparison.Ordinal) && kv.Key != "Urls")
            .ToDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.Ordinal);
        settings["Storage:Root"] = root.Path;
        settings["Storage:MinimumFreeSpace"] = "0";
        settings["Dicom:Port"] = "0";
        await using var factory = new WorkerFactory(settings);
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", ct)).StatusCode);
    }

    [Fact]
    public void The_pacs_the_worker_and_the_published_ports_agree_on_ae_title_host_and_port()
    {
        var compose = Load();
        var worker = Service(compose, "worker");
        var environment = Environment(worker);
        var (ae, port) = (environment["Dicom:AeTitle"], environment["Dicom:Port"]);
        Assert.Contains($"{port}:{port}", Sequence(worker, "ports"));

        var orthanc = Service(compose, "orthanc");
        var mounted = Sequence(orthanc, "volumes").Single(v => v.Contains("orthanc.json", StringComparison.Ordinal)).Split(':')[0];
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, mounted)));
        var modality = config.RootElement.GetProperty("DicomModalities").GetProperty("imagingpipeline");
        Assert.Equal((ae, "worker", int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)),
            (modality[0].GetString(), modality[1].GetString(), modality[2].GetInt32()));
        Assert.Equal("worker", ((YamlScalarNode)worker.Children[new YamlScalarNode("hostname")]).Value);

        // The push command in the file's header names that modality, and the review page is where it says.
        var text = File.ReadAllText(Path.Combine(Root, "docker-compose.yml"));
        Assert.Contains("/modalities/imagingpipeline/store", text, StringComparison.Ordinal);
        Assert.Contains("http://localhost:8080/review", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_dockerfile_is_multi_stage_runs_as_a_user_and_builds_the_projects_the_compose_file_names()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "Dockerfile"));
        Assert.True(FromLine().Matches(dockerfile).Count >= 2, "a build stage and a runtime stage");
        var user = Assert.Single(UserLine().Matches(dockerfile)).Groups[1].Value;
        Assert.NotEqual("root", user);
        foreach (Match copy in CopyLine().Matches(dockerfile))
        {
            foreach (var source in copy.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            {
                Assert.True(File.Exists(Path.Combine(Root, source)) || Directory.Exists(Path.Combine(Root, source)), $"the Dockerfile copies {source}, which is not in the repository");
            }
        }

        var compose = Load();
        foreach (var name in new[] { "worker", "consumers" })
        {
            var build = (YamlMappingNode)Service(compose, name).Children[new YamlScalarNode("build")];
            var project = ((YamlScalarNode)((YamlMappingNode)build.Children[new YamlScalarNode("args")]).Children[new YamlScalarNode("PROJECT")]).Value!;
            Assert.True(File.Exists(Path.Combine(Root, "src", project, project + ".csproj")), $"{name} builds {project}, which is not a project");
        }
    }

    private static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, "docker-compose.yml"));
        yaml.Load(reader);
        return (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
    }

    private static YamlMappingNode Service(YamlMappingNode compose, string name) =>
        (YamlMappingNode)((YamlMappingNode)compose.Children[new YamlScalarNode("services")]).Children[new YamlScalarNode(name)];

    private static List<string> Sequence(YamlMappingNode service, string key) =>
        service.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? [.. ((YamlSequenceNode)node).Children.Select(c => ((YamlScalarNode)c).Value!)]
            : [];

    /// <summary>A service's environment with <c>__</c> read as <c>:</c>, as .NET configuration reads it.</summary>
    private static Dictionary<string, string> Environment(YamlMappingNode service) =>
        ((YamlMappingNode)service.Children[new YamlScalarNode("environment")]).Children.ToDictionary(
            kv => ((YamlScalarNode)kv.Key).Value!.Replace("__", ":", StringComparison.Ordinal),
            kv => ((YamlScalarNode)kv.Value).Value!,
            StringComparer.Ordinal);

    [GeneratedRegex(@"^FROM\s", RegexOptions.Multiline)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"^USER\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex UserLine();

    [GeneratedRegex(@"^COPY\s+(?!--from)(.+)$", RegexOptions.Multiline)]
    private static partial Regex CopyLine();
}
