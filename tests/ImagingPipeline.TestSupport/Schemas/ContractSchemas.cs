using System.Text.Json;
using ImagingPipeline.TestSupport.Environment;
using Xunit;

namespace ImagingPipeline.TestSupport.Schemas;

/// <summary>The checked-in JSON Schemas of the messages (src/ImagingPipeline.Contracts/Schemas/{Message}.schema.json).</summary>
public static class ContractSchemas
{
    /// <summary>The folder holding the schemas.</summary>
    public static string Folder => Path.Combine(RepositoryPaths.RepositoryRoot, "src", "ImagingPipeline.Contracts", "Schemas");

    /// <summary>The schema file of a message type.</summary>
    public static string PathOf(string messageType) => Path.Combine(Folder, messageType + ".schema.json");

    /// <summary>A strict validator for a message type's schema.</summary>
    public static JsonSchemaValidator Validator(string messageType)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(PathOf(messageType)));
        return new JsonSchemaValidator(doc.RootElement.Clone(), strict: true);
    }

    /// <summary>Fails the test with every error when <paramref name="message"/> (the message body, not the envelope) does not match its schema.</summary>
    public static void AssertValid(string messageType, JsonElement message)
    {
        var errors = Validator(messageType).Validate(message);
        Assert.True(errors.Count == 0, $"{messageType} does not match its schema:\n{string.Join("\n", errors)}");
    }
}
