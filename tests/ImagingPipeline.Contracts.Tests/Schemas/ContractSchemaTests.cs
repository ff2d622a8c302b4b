using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using ImagingPipeline.TestSupport.Environment;
using ImagingPipeline.TestSupport.Schemas;
using Xunit;

namespace ImagingPipeline.Contracts.Tests.Schemas;

/// <summary>
/// The checked-in JSON Schemas equal the ones derived from the records, and serialized messages,
/// the README's example bodies and hand-broken messages are judged by them as they should be.
/// Set IMAGINGPIPELINE_WRITE_SCHEMAS=1 to rewrite the schema and example files after changing a contract.
/// </summary>
public sealed partial class ContractSchemaTests
{
    public static readonly TheoryData<string> Messages = new(ContractExamples.MessageTypes.Select(t => t.Name));

    /// <summary>A producer that leaves nulls out (MassTransit writes them; other producers may not): optional fields may be absent.</summary>
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        IndentSize = 2,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Checked_in_schema_equals_the_schema_derived_from_the_record(string message)
    {
        var type = ContractExamples.MessageTypes.Single(t => t.Name == message);
        var generated = ContractSchemaGenerator.Generate(type);
        var path = ContractSchemas.PathOf(message);
        if (System.Environment.GetEnvironmentVariable("IMAGINGPIPELINE_WRITE_SCHEMAS") == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests with IMAGINGPIPELINE_WRITE_SCHEMAS=1 to write it");
        var checkedIn = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.True(checkedIn == generated,
            $"{path} differs from the schema of the {message} record; run the tests with IMAGINGPIPELINE_WRITE_SCHEMAS=1 and review the diff");
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Checked_in_example_is_the_full_example_as_the_outbox_writes_it(string message)
    {
        var written = JsonSerializer.Serialize(ContractExamples.Full(message), ContractExamples.MessageTypes.Single(t => t.Name == message), Indented) + "\n";
        var path = Path.Combine(ContractSchemas.Folder, "examples", message + ".json");
        if (System.Environment.GetEnvironmentVariable("IMAGINGPIPELINE_WRITE_SCHEMAS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, written);
        }

        Assert.True(File.Exists(path) && File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) == written,
            $"{path} is missing or differs from the example; run the tests with IMAGINGPIPELINE_WRITE_SCHEMAS=1 and review the diff");
        using var doc = JsonDocument.Parse(written);
        ContractSchemas.AssertValid(message, doc.RootElement);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Full_and_minimal_examples_match_the_schema_as_the_outbox_and_the_bus_write_them(string message)
    {
        foreach (var example in new[] { ContractExamples.Full(message), ContractExamples.Minimal(message) })
        {
            foreach (var options in new[] { JsonSerializerOptions.Web, Wire })
            {
                ContractSchemas.AssertValid(message, JsonSerializer.SerializeToElement(example, example.GetType(), options));
            }
        }
    }

    [Fact]
    public void Broken_messages_are_rejected_with_the_path_of_each_error()
    {
        var validator = ContractSchemas.Validator(nameof(OligoProgressionAssessed));
        var good = JsonSerializer.SerializeToNode(ContractExamples.Full(nameof(OligoProgressionAssessed)), JsonSerializerOptions.Web)!.AsObject();
        Assert.Empty(validator.Validate(JsonSerializer.SerializeToElement(good)));

        var broken = good.DeepClone().AsObject();
        broken.Remove("patientId");
        broken["version"] = "2";
        broken["sites"]![0]!["volumeCc"] = "big";
        broken["sites"]![0]!["progression"]!["status"] = "Worse";
        broken["assessedAt"] = "yesterday";
        broken["sites"]![0]!["colour"] = "red";
        var errors = validator.Validate(JsonSerializer.SerializeToElement(broken));
        Assert.Contains(errors, e => e.Contains("required property 'patientId'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/version: expected \"integer\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/sites/0/volumeCc:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/sites/0/progression", StringComparison.Ordinal) && e.Contains("Worse", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'yesterday' is not a date-time", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("property 'colour' is not in the schema", StringComparison.Ordinal));
        Assert.Equal(6, errors.Count);
    }

    [Fact]
    public void A_schema_keyword_the_validator_does_not_implement_is_an_error_not_a_pass()
    {
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"integer","maximum":3}}}""");
        using var value = JsonDocument.Parse("""{"a":7}""");
        Assert.Throws<NotSupportedException>(() => new JsonSchemaValidator(schema.RootElement, strict: true).Validate(value.RootElement));
    }

    [Fact]
    public void Every_message_body_in_the_README_matches_its_schema()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.RepositoryRoot, "README.md"));
        var examples = ReadmeExample().Matches(readme).Select(m => (Message: m.Groups["message"].Value, Json: m.Groups["json"].Value)).ToList();
        Assert.Equal(ContractExamples.MessageTypes.Select(t => t.Name).Order(StringComparer.Ordinal),
            examples.Select(e => e.Message).Distinct().Order(StringComparer.Ordinal));
        foreach (var (message, json) in examples)
        {
            using var doc = JsonDocument.Parse(json);
            var body = doc.RootElement.TryGetProperty("message", out var inner) && doc.RootElement.TryGetProperty("messageType", out _)
                ? inner
                : doc.RootElement;
            ContractSchemas.AssertValid(message, body);
        }
    }

    /// <summary>A README heading "#### `Message`" followed (before the next heading) by a ```json block.</summary>
    [GeneratedRegex(@"^#### `(?<message>[A-Za-z]+)`[^\n]*\n(?:(?!^#)[^\n]*\n)*?```json\n(?<json>.*?)\n```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ReadmeExample();
}
