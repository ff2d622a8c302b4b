using System.Globalization;
using System.Text.Json;

namespace ImagingPipeline.TestSupport.Schemas;

/// <summary>
/// Validates JSON against the subset of JSON Schema (draft 2020-12) that the contract schemas use:
/// <c>type</c> (one or several), <c>properties</c>, <c>required</c>, <c>additionalProperties</c>
/// (false), <c>items</c>, <c>enum</c>, <c>anyOf</c>, local <c>$ref</c> to <c>#/$defs/…</c> and
/// <c>format</c> date-time, date and uuid; <c>$schema</c>, <c>$id</c>, <c>$defs</c>, <c>title</c>
/// and <c>description</c> are annotations. Any other keyword is an error in the schema, so a
/// schema never passes because the validator skipped what it says. In strict mode a property the
/// schema does not declare is an error even where additional properties are allowed: every field
/// a producer writes must be described.
/// </summary>
public sealed class JsonSchemaValidator
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal) { "$schema", "$id", "$defs", "title", "description" };
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "type", "properties", "required", "additionalProperties", "items", "enum", "anyOf", "$ref", "format",
    };

    private readonly JsonElement _root;
    private readonly bool _strict;

    public JsonSchemaValidator(JsonElement schema, bool strict)
    {
        _root = schema;
        _strict = strict;
    }

    /// <summary>The errors of <paramref name="instance"/> against the schema ("/sites/0/volumeCc: expected number, got string"); empty when valid.</summary>
    public IReadOnlyList<string> Validate(JsonElement instance)
    {
        var errors = new List<string>();
        Check(_root, instance, "", errors);
        return errors;
    }

    private void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        foreach (var keyword in schema.EnumerateObject())
        {
            if (!Keywords.Contains(keyword.Name) && !Annotations.Contains(keyword.Name))
            {
                throw new NotSupportedException($"schema keyword '{keyword.Name}' at {Where(path)} is not supported by this validator");
            }
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(Resolve(reference.GetString()!), value, path, errors);
        }

        if (schema.TryGetProperty("anyOf", out var anyOf))
        {
            var branches = anyOf.EnumerateArray().Select(branch =>
            {
                var branchErrors = new List<string>();
                Check(branch, value, path, branchErrors);
                return branchErrors;
            }).ToList();
            if (branches.All(b => b.Count > 0))
            {
                errors.Add($"{Where(path)}: matches none of anyOf ({string.Join("; ", branches.SelectMany(b => b))})");
            }
        }

        if (schema.TryGetProperty("type", out var type) && !TypeMatches(type, value))
        {
            errors.Add($"{Where(path)}: expected {type.GetRawText()}, got {Describe(value)}");
            return;
        }

        if (schema.TryGetProperty("enum", out var allowed)
            && !allowed.EnumerateArray().Any(a => a.ValueKind == value.ValueKind && a.GetRawText() == value.GetRawText()))
        {
            errors.Add($"{Where(path)}: {value.GetRawText()} is not one of {allowed.GetRawText()}");
        }

        if (schema.TryGetProperty("format", out var format) && value.ValueKind == JsonValueKind.String && !FormatMatches(format.GetString()!, value.GetString()!))
        {
            errors.Add($"{Where(path)}: '{value.GetString()}' is not a {format.GetString()}");
        }

        if (value.ValueKind == JsonValueKind.Object && (schema.TryGetProperty("properties", out _) || schema.TryGetProperty("required", out _)))
        {
            CheckObject(schema, value, path, errors);
        }
        else if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(items, item, $"{path}/{i++}", errors);
            }
        }
    }

    private void CheckObject(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        var declared = schema.TryGetProperty("properties", out var properties) ? properties : default;
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!value.TryGetProperty(name, out _))
                {
                    errors.Add($"{Where(path)}: required property '{name}' is missing");
                }
            }
        }

        var closed = _strict || (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False);
        foreach (var property in value.EnumerateObject())
        {
            if (declared.ValueKind == JsonValueKind.Object && declared.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(propertySchema, property.Value, $"{path}/{property.Name}", errors);
            }
            else if (closed)
            {
                errors.Add($"{Where(path)}: property '{property.Name}' is not in the schema");
            }
        }
    }

    private JsonElement Resolve(string reference)
    {
        const string prefix = "#/$defs/";
        if (!reference.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new NotSupportedException($"only local $ref to {prefix}… is supported, not '{reference}'");
        }

        return _root.GetProperty("$defs").TryGetProperty(reference[prefix.Length..], out var target)
            ? target
            : throw new InvalidOperationException($"$ref '{reference}' names no definition");
    }

    private static bool TypeMatches(JsonElement type, JsonElement value) => type.ValueKind == JsonValueKind.Array
        ? type.EnumerateArray().Any(t => TypeMatches(t.GetString()!, value))
        : TypeMatches(type.GetString()!, value);

    private static bool TypeMatches(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && decimal.Truncate(d) == d,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => throw new NotSupportedException($"type '{type}' is not supported"),
    };

    private static bool FormatMatches(string format, string text) => format switch
    {
        "date-time" => text.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _),
        "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "uuid" => Guid.TryParseExact(text, "D", out _),
        _ => throw new NotSupportedException($"format '{format}' is not supported"),
    };

    private static string Describe(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant() + " " + Truncate(value.GetRawText());

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string Where(string path) => path.Length == 0 ? "/" : path;
}
