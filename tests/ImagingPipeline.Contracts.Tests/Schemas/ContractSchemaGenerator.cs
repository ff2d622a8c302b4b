using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Xml.Linq;

namespace ImagingPipeline.Contracts.Tests.Schemas;

/// <summary>
/// Derives the JSON Schema (draft 2020-12) of a message record from the record itself: camelCase
/// property names (as System.Text.Json and MassTransit write them), types from the CLR types,
/// nullability from the nullable annotations (a nullable property may be absent or null; every
/// other one is required), enums as their names, nested records in $defs, descriptions from the
/// assembly's doc comments. The checked-in schemas must equal what this produces.
/// </summary>
internal sealed class ContractSchemaGenerator
{
    private static readonly NullabilityInfoContext Nullability = new();
    private readonly Dictionary<string, string> _docs;
    private readonly SortedDictionary<string, JsonObject> _defs = new(StringComparer.Ordinal);

    private ContractSchemaGenerator(Dictionary<string, string> docs) => _docs = docs;

    /// <summary>The schema of <paramref name="messageType"/> as indented JSON text ending in a newline.</summary>
    public static string Generate(Type messageType)
    {
        ArgumentNullException.ThrowIfNull(messageType);
        var generator = new ContractSchemaGenerator(LoadDocs(messageType.Assembly));
        var body = generator.ObjectSchema(messageType);
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"urn:imagingpipeline:schema:{messageType.Name}",
            ["title"] = messageType.Name,
        };
        foreach (var (key, value) in body)
        {
            root[key] = value?.DeepClone();
        }

        if (generator._defs.Count > 0)
        {
            var defs = new JsonObject();
            foreach (var (name, schema) in generator._defs)
            {
                defs[name] = schema;
            }

            root["$defs"] = defs;
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 2, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private JsonObject ObjectSchema(Type type)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var nullable = Nullability.Create(property).ReadState == NullabilityState.Nullable;
            properties[name] = Described(Doc(property), TypeSchema(property.PropertyType, nullable));
            if (!nullable)
            {
                required.Add(name);
            }
        }

        return Described(Doc(type), new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required });
    }

    /// <summary>The schema with its description (when there is one) as the first keyword, for people reading the file.</summary>
    private static JsonObject Described(string? description, JsonObject schema)
    {
        if (description is null)
        {
            return schema;
        }

        var result = new JsonObject { ["description"] = description };
        foreach (var (key, value) in schema.ToList())
        {
            schema.Remove(key);
            result[key] = value;
        }

        return result;
    }

    private JsonObject TypeSchema(Type type, bool nullable)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeSchema(underlying, nullable: true);
        }

        JsonObject Simple(string json, string? format = null)
        {
            var schema = new JsonObject { ["type"] = nullable ? new JsonArray(json, "null") : json };
            if (format is not null)
            {
                schema["format"] = format;
            }

            return schema;
        }

        if (type == typeof(string))
        {
            return Simple("string");
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return Simple("integer");
        }

        if (type == typeof(double))
        {
            return Simple("number");
        }

        if (type == typeof(bool))
        {
            return Simple("boolean");
        }

        if (type == typeof(DateTimeOffset))
        {
            return Simple("string", "date-time");
        }

        if (type == typeof(DateOnly))
        {
            return Simple("string", "date");
        }

        if (type == typeof(Guid))
        {
            return Simple("string", "uuid");
        }

        if (type.IsEnum)
        {
            if (type.GetCustomAttribute<JsonConverterAttribute>() is null)
            {
                throw new NotSupportedException($"{type.Name} has no string enum converter: it would travel as a number");
            }

            var values = new JsonArray([.. Enum.GetNames(type).Select(n => (JsonNode)n)]);
            if (nullable)
            {
                values.Add(null);
            }

            var schema = Simple("string");
            schema["enum"] = values;
            return schema;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IReadOnlyList<>) || definition == typeof(IEnumerable<>) || definition == typeof(List<>)))
        {
            var schema = Simple("array");
            schema["items"] = TypeSchema(type.GetGenericArguments()[0], ElementNullable(type));
            return schema;
        }

        if (type.IsClass && type.Namespace == typeof(IVersionedMessage).Namespace)
        {
            if (!_defs.ContainsKey(type.Name))
            {
                _defs[type.Name] = []; // reserved while its own schema is built, so a record that contains itself ends
                _defs[type.Name] = ObjectSchema(type);
            }

            var reference = new JsonObject { ["$ref"] = $"#/$defs/{type.Name}" };
            return nullable ? new JsonObject { ["anyOf"] = new JsonArray(reference, new JsonObject { ["type"] = "null" }) } : reference;
        }

        throw new NotSupportedException($"no JSON Schema mapping for {type}");
    }

    /// <summary>Element types of the contract lists are never null (IReadOnlyList&lt;int&gt;, IReadOnlyList&lt;string&gt;, …).</summary>
    private static bool ElementNullable(Type listType) => Nullable.GetUnderlyingType(listType.GetGenericArguments()[0]) is not null;

    private string? Doc(MemberInfo member)
    {
        var id = member switch
        {
            Type t => "T:" + t.FullName,
            PropertyInfo p => $"P:{p.DeclaringType!.FullName}.{p.Name}",
            _ => null,
        };
        if (id is not null && _docs.TryGetValue(id, out var doc))
        {
            return doc;
        }

        // A property that implements IVersionedMessage without its own comment takes the interface's.
        return member is PropertyInfo property && typeof(IVersionedMessage).GetProperty(property.Name) is { } declared
               && typeof(IVersionedMessage).IsAssignableFrom(property.DeclaringType)
            ? _docs.GetValueOrDefault($"P:{typeof(IVersionedMessage).FullName}.{declared.Name}")
            : null;
    }

    private static Dictionary<string, string> LoadDocs(Assembly assembly)
    {
        var file = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"the doc comments of {assembly.GetName().Name} were not built", file);
        }

        var docs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in XDocument.Load(file).Descendants("member"))
        {
            if (member.Element("summary") is { } summary)
            {
                docs[(string)member.Attribute("name")!] = Text(summary);
            }
        }

        return docs;
    }

    /// <summary>The summary as one line of plain text: crefs by their short name, whitespace collapsed.</summary>
    private static string Text(XElement summary)
    {
        var parts = summary.Nodes().Select(node => node switch
        {
            XText text => text.Value,
            XElement { Name.LocalName: "see" or "seealso" } see => ShortName((string?)see.Attribute("cref") ?? (string?)see.Attribute("langword") ?? ""),
            XElement { Name.LocalName: "paramref" or "typeparamref" } p => (string?)p.Attribute("name") ?? "",
            XElement e => e.Value,
            _ => "",
        });
        return string.Join(" ", string.Concat(parts).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static string ShortName(string cref)
    {
        var name = cref.Contains(':', StringComparison.Ordinal) ? cref[(cref.IndexOf(':', StringComparison.Ordinal) + 1)..] : cref;
        var parts = name.Split('.');
        return parts.Length >= 2 && char.IsUpper(parts[^1][0]) && char.IsUpper(parts[^2][0]) && cref.StartsWith("P:", StringComparison.Ordinal)
            ? $"{parts[^2]}.{JsonNamingPolicy.CamelCase.ConvertName(parts[^1])}"
            : parts[^1];
    }
}
