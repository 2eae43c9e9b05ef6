using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Unicode;

namespace ReRanker.Core.Text;

/// <summary>
/// The one decoding rule for every JSON string the service and the trainer read (requests, batch items, weight
/// files, index documents, corpus and log lines). JSON may carry escapes that are not text, such as an unpaired
/// UTF-16 surrogate (<c>"\ud800"</c>): the parser accepts them and <see cref="JsonElement.GetString"/> then throws.
/// These methods report such a string as invalid instead, so callers turn it into a field-named error.
/// Invalid UTF-8 is refused on the whole document (<see cref="Utf8.IsValid(ReadOnlySpan{byte})"/>) before it is parsed;
/// <see cref="TryFindNotText"/> then names the string that holds it.
/// </summary>
public static class JsonText
{
    /// <summary>The reason given for a string that does not decode to text.</summary>
    public const string NotTextMessage = "is not valid text (it holds an unpaired UTF-16 surrogate escape)";

    /// <summary>The reason given for a string whose bytes are not UTF-8.</summary>
    public const string NotUtf8Message = "is not valid UTF-8";

    /// <summary>The reason given for an object with a property name that does not decode to text (the name itself cannot be shown).</summary>
    public const string NameNotTextMessage = "has a property name that is not valid text (invalid UTF-8 or an unpaired UTF-16 surrogate escape)";

    /// <summary>The reason given for a name that holds a control character.</summary>
    public const string ControlCharacterMessage = "must not hold control characters";

    /// <summary>The string value of <paramref name="element"/>; false when it is not a string or does not decode to text.</summary>
    public static bool TryGetString(JsonElement element, [NotNullWhen(true)] out string? value)
    {
        value = null;
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            value = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The name of <paramref name="property"/>; false when it does not decode to text.</summary>
    public static bool TryGetName(JsonProperty property, [NotNullWhen(true)] out string? name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = null;
            return false;
        }
    }

    /// <summary>
    /// True when <paramref name="exception"/> (or what it wraps) is the reader's refusal to decode a string, as
    /// System.Text.Json reports it from <see cref="JsonSerializer"/> (a <see cref="JsonException"/> around it) or
    /// from <see cref="JsonElement"/> (the bare <see cref="InvalidOperationException"/>).
    /// </summary>
    public static bool IsNotText(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is InvalidOperationException && e.Message.Contains("UTF-16", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="text"/> holds a control character (names, keys and identifiers must not).</summary>
    public static bool HasControlCharacter(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="text"/> made safe to show in a log line or an error message: control characters (and any
    /// surrogate left unpaired) become '?', and at most <paramref name="maxLength"/> characters are kept.
    /// </summary>
    public static string Printable(string text, int maxLength = 64)
    {
        ArgumentNullException.ThrowIfNull(text);
        var length = Math.Min(text.Length, maxLength);
        return string.Create(length + (text.Length > maxLength ? 1 : 0), (text, length), static (span, state) =>
        {
            var (source, count) = state;
            for (var i = 0; i < count; i++)
            {
                var c = source[i];
                var paired = char.IsHighSurrogate(c) ? i + 1 < count && char.IsLowSurrogate(source[i + 1])
                    : !char.IsLowSurrogate(c) || (i > 0 && char.IsHighSurrogate(source[i - 1]));
                span[i] = char.IsControl(c) || !paired ? '?' : c;
            }

            if (span.Length > count)
            {
                span[count] = '…';
            }
        });
    }
    /// <summary>
    /// Finds the first string or property name of <paramref name="utf8Json"/> that does not decode to text, to name it in
    /// an error after a parser refused the document: <paramref name="path"/> is its JSON path (<c>$.hypotheses[0].intent</c>;
    /// for a property name, the object that holds it) and <paramref name="reason"/> one of this class's messages. False when
    /// every string decodes, or the document breaks before one that does not. Names in the path are <see cref="Printable"/>.
    /// </summary>
    public static bool TryFindNotText(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out string? path, [NotNullWhen(true)] out string? reason)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 256 });
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (!TryGetString(ref reader, out var name))
                        {
                            frames[^1] = frames[^1] with { Name = null };
                            (path, reason) = (PathOf(frames), NameNotTextMessage);
                            return true;
                        }

                        frames[^1] = frames[^1] with { Name = name };
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        NextValue(frames);
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, -1, null));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.String:
                        NextValue(frames);
                        if (!TryGetString(ref reader, out _))
                        {
                            (path, reason) = (PathOf(frames), Utf8.IsValid(reader.ValueSpan) ? NotTextMessage : NotUtf8Message); // a span: no sequences here
                            return true;
                        }

                        break;
                    default:
                        NextValue(frames);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // The document breaks before any string that is not text: the parser's own error is the one to report.
        }

        (path, reason) = (null, null);
        return false;
    }

    /// <summary>
    /// The string or property name at <paramref name="reader"/>'s token; false when it is neither, or does not decode to
    /// text (invalid UTF-8, which the reader itself lets through, or an unpaired surrogate escape).
    /// </summary>
    public static bool TryGetString(ref Utf8JsonReader reader, [NotNullWhen(true)] out string? value)
    {
        value = null;
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)
            || !Utf8.IsValid(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan))
        {
            return false;
        }

        try
        {
            value = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void NextValue(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
        }
    }

    private static string PathOf(List<Frame> frames)
    {
        var path = new System.Text.StringBuilder("$");
        foreach (var frame in frames)
        {
            if (frame.IsArray)
            {
                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Name is not null)
            {
                path.Append('.').Append(Printable(frame.Name));
            }
        }

        return path.ToString();
    }

    /// <summary>One open object (its current property name) or array (its current index) on the way to a value.</summary>
    private readonly record struct Frame(bool IsArray, int Index, string? Name);
}
