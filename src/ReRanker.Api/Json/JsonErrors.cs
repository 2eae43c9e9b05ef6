using System.Text.Json;
using System.Text.RegularExpressions;
using ReRanker.Core.Text;

namespace ReRanker.Api.Json;

/// <summary>
/// Turns a <see cref="JsonException"/> into a field name and a message a client can act on (no .NET type names).
/// Field names hold caller text (property names), so they are made <see cref="JsonText.Printable"/> and clipped.
/// </summary>
internal static partial class JsonErrors
{
    /// <summary>Longest field name in an error: room for a full batch path with a clipped property name in it.</summary>
    private const int MaxFieldLength = 200;

    /// <summary>Describes why <paramref name="utf8Json"/> failed to deserialise (read with <paramref name="maxDepth"/>); fields are prefixed with <paramref name="prefix"/>.</summary>
    public static (string Field, string Message) Describe(JsonException exception, ReadOnlySpan<byte> utf8Json, string prefix = "", int maxDepth = ApiJson.MaxDepth)
    {
        // A string the reader refused to decode: find which one (the exception names only the object for a property name).
        if (JsonText.IsNotText(exception))
        {
            return JsonText.TryFindNotText(utf8Json, out var path, out var reason)
                ? (FieldFromPath(path, prefix), reason)
                : (FieldFromPath(exception.Path, prefix), JsonText.NotTextMessage);
        }

        var field = FieldFromPath(exception.Path, prefix);
        var text = exception.Message;
        if (text.Contains("could not be mapped", StringComparison.Ordinal) && PropertyName().Match(text) is { Success: true } unknown)
        {
            return (Combine(field, JsonText.Printable(unknown.Groups["name"].Value)), "unknown field");
        }

        if (text.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return (field, "duplicate property");
        }

        if (text.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return (field, $"nested deeper than {maxDepth} levels");
        }

        if (text.Contains("could not be converted", StringComparison.Ordinal))
        {
            return (field, "has the wrong JSON type, or a number out of range for this field");
        }

        var position = exception.LineNumber is { } line ? $" (line {line + 1}, byte {exception.BytePositionInLine + 1})" : string.Empty;
        return (field, $"malformed or truncated JSON{position}");
    }

    /// <summary>"$.hypotheses[3].domainScore" → "hypotheses[3].domainScore"; the root stays "$" (or the prefix).</summary>
    public static string FieldFromPath(string? path, string prefix = "")
    {
        var relative = string.IsNullOrEmpty(path) || path == "$" ? string.Empty : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        relative = JsonText.Printable(relative, MaxFieldLength);
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
