using System.Text.Json;
using System.Text.RegularExpressions;

namespace ReRanker.Api.Json;

/// <summary>Turns a <see cref="JsonException"/> into a field name and a message a client can act on (no .NET type names).</summary>
internal static partial class JsonErrors
{
    public static (string Field, string Message) Describe(JsonException exception, string prefix = "")
    {
        var field = FieldFromPath(exception.Path, prefix);
        var text = exception.Message;
        if (text.Contains("could not be mapped", StringComparison.Ordinal) && PropertyName().Match(text) is { Success: true } unknown)
        {
            return (Combine(field, unknown.Groups["name"].Value), "unknown field");
        }

        if (text.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return (field, "duplicate property");
        }

        if (text.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return (field, $"nested deeper than {ApiJson.MaxDepth} levels");
        }

        if (text.Contains("could not be converted", StringComparison.Ordinal))
        {
            return (field, "has the wrong JSON type, or a number out of range for this field");
        }

        var position = exception.LineNumber is { } line ? $" (line {line + 1}, byte {exception.BytePositionInLine + 1})" : string.Empty;
        return (field, $"malformed or truncated JSON{position}");
    }

    /// <summary>"$.hypotheses[3].domainScore" → "hypotheses[3].domainScore"; the root stays "$".</summary>
    public static string FieldFromPath(string? path, string prefix = "")
    {
        var relative = string.IsNullOrEmpty(path) || path == "$" ? string.Empty : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        if (prefix.Length == 0)
        {
            return relative.Length == 0 ? "$" : relative;
        }

        return relative.Length == 0 ? prefix : relative.StartsWith('[') ? prefix + relative : $"{prefix}.{relative}";
    }

    // Some runtimes put the unknown property in the path already, some stop at its parent object.
    private static string Combine(string field, string name) =>
        field == name || field.EndsWith("." + name, StringComparison.Ordinal) ? field
        : field == "$" ? name
        : $"{field}.{name}";

    [GeneratedRegex("property '(?<name>[^']{0,128})'", RegexOptions.CultureInvariant)]
    private static partial Regex PropertyName();
}
